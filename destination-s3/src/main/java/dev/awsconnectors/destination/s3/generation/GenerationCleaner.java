package dev.awsconnectors.destination.s3.generation;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a stream's earlier objects after an overwrite: lists under the stream's constant prefix, keeps the keys
 * that match the stream's key pattern and were not written by this sync, reads their metadata, and deletes those
 * that {@link Truncation#decide} selects. Objects without this stream's tag (other streams, other tools, Airbyte's
 * own connector) are never deleted.
 */
public final class GenerationCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationCleaner.class);

  private final ObjectStore store;
  private final Executor executor;

  /** @param executor runs the metadata requests concurrently */
  public GenerationCleaner(ObjectStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  /**
   * One stream's cleanup.
   *
   * @param listingPrefix every key of the stream starts with it
   * @param keyPattern matches every key the stream's templates produce
   * @param writtenThisSync keys written by this sync (never deleted)
   */
  public record Plan(StreamDescriptor stream, String streamTag, Truncation truncation, String listingPrefix,
      Pattern keyPattern, Set<String> writtenThisSync) {}

  /** The counts of one cleanup. */
  public record Outcome(int deleted, int keptCurrent, int keptForeign, int notMatching) {}

  public Outcome clean(Plan plan) {
    List<String> candidates = new ArrayList<>();
    int[] notMatching = {0};
    store.list(plan.listingPrefix(), o -> {
      if (plan.writtenThisSync().contains(o.key())) {
        return;
      }
      if (plan.keyPattern().matcher(o.key()).matches()) {
        candidates.add(o.key());
      } else {
        notMatching[0]++;
      }
    });
    List<CompletableFuture<Optional<Map<String, String>>>> heads = candidates.stream()
        .map(k -> CompletableFuture.supplyAsync(() -> store.metadata(k), executor)).toList();
    Map<Truncation.Decision, Integer> counts = new EnumMap<>(Truncation.Decision.class);
    List<String> delete = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Optional<Map<String, String>> metadata = heads.get(i).join();
      if (metadata.isEmpty()) {
        continue;
      }
      Truncation.Decision decision = plan.truncation().decide(metadata.get(), plan.streamTag());
      counts.merge(decision, 1, Integer::sum);
      if (decision == Truncation.Decision.DELETE) {
        delete.add(candidates.get(i));
      }
    }
    store.delete(delete);
    Outcome outcome = new Outcome(delete.size(), counts.getOrDefault(Truncation.Decision.KEEP_CURRENT, 0),
        counts.getOrDefault(Truncation.Decision.KEEP_NOT_THIS_STREAM, 0), notMatching[0]);
    LOG.info("Overwrite of stream '{}': deleted {} earlier objects under '{}'{}; kept {} of the current generation, "
        + "{} not written by this connector for this stream, {} not matching the path pattern", plan.stream(),
        outcome.deleted(), plan.listingPrefix(), plan.truncation().kind() == Truncation.Kind.GENERATIONS_BELOW
            ? " (generations below " + plan.truncation().minimumGeneration() + ")" : "",
        outcome.keptCurrent(), outcome.keptForeign(), outcome.notMatching());
    return outcome;
  }
}

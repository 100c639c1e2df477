package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the destination's buffers within the memory budget: part buffers (counted by the {@link MemoryBudget}, open
 * or in flight) plus what the format writers buffer and the records waiting in runs (counted here from each
 * change). When they exceed the
 * budget, {@link #next} names what to do, by {@link MemoryPolicy}: hand an open file's part over early, finish a file
 * early, or wait for uploads to free memory.
 *
 * <p>Lifecycle: {@link #formatBufferedChanged} after every write, finish and discard; {@link #relieve} after every
 * record; when it answers that only uploads can free memory, {@link #awaitRelease} and {@link #relieve} again. Used
 * under the writer's state lock, except {@link #awaitRelease}, which is called holding nothing.
 */
final class MemoryGovernor {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryGovernor.class);
  private final MemoryBudget budget;
  private long formatBuffered;
  private long peak;
  private long filesFinishedEarly;

  MemoryGovernor(MemoryBudget budget) {
    this.budget = budget;
  }

  void formatBufferedChanged(long delta) {
    formatBuffered += delta;
  }

  /**
   * While the buffers exceed the budget, applies what relieves memory most: hands a part over or finishes a file.
   *
   * @param openFiles the open files of every stream, asked again after each action
   * @param encodeWaiting writes the records waiting in runs into their files, where the actions can reach them
   * @return true if only waiting for uploads frees memory now (the caller waits, holding no lock)
   */
  boolean relieve(Supplier<? extends Iterable<OpenFile>> openFiles, Runnable encodeWaiting) {
    if (overBudget()) {
      encodeWaiting.run();
    }
    while (overBudget()) {
      MemoryPolicy.Action<OpenFile> action = next(openFiles.get());
      switch (action.kind()) {
        case NONE -> {
          return false;
        }
        case WAIT_FOR_UPLOADS -> {
          return true;
        }
        case HAND_OVER_PART -> action.file().handOverPartEarly();
        case FINISH_FILE -> {
          OpenFile file = action.file();
          LOG.info("The memory budget of {} MiB is used up: finishing a file of stream '{}' ({} MiB) early",
              budget.limit() / S3Limits.MIB, file.stream.descriptor(), file.size() / S3Limits.MIB);
          file.stream.finish(file);
        }
      }
    }
    return false;
  }

  /** True if the buffers exceed the budget; records the peak. */
  boolean overBudget() {
    long held = budget.used() + formatBuffered;
    peak = Math.max(peak, held);
    return held > budget.limit();
  }

  /** What relieves memory most, given the open files. */
  private MemoryPolicy.Action<OpenFile> next(Iterable<OpenFile> open) {
    List<MemoryPolicy.Load<OpenFile>> loads = new ArrayList<>();
    long openPartBytes = 0;
    for (OpenFile file : open) {
      long part = file.partBytes();
      openPartBytes += part;
      loads.add(new MemoryPolicy.Load<>(file, part, file.formatBuffered()));
    }
    long inFlight = Math.max(0, budget.used() - openPartBytes);
    MemoryPolicy.Action<OpenFile> action = MemoryPolicy.decide(budget.limit(), inFlight, loads);
    if (action.kind() == MemoryPolicy.Kind.FINISH_FILE) {
      filesFinishedEarly++;
    }
    return action;
  }

  /** Waits (holding no lock) until uploads free some memory or {@code millis} passed. */
  void awaitRelease(long millis) throws InterruptedException {
    budget.awaitRelease(millis);
  }

  long limit() {
    return budget.limit();
  }

  /** The most bytes held by buffers at once. */
  long peak() {
    return peak;
  }

  long filesFinishedEarly() {
    return filesFinishedEarly;
  }
}

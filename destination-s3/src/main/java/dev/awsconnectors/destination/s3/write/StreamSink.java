package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.destination.s3.generation.GenerationCleaner;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import dev.awsconnectors.format.OutputRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured stream during a write, with its own open / finish lifecycle (as the Airbyte bulk CDK's
 * {@code StreamLoader}, or Kafka Connect's {@code open}/{@code close(partitions)}): its open files, one per rendered
 * directory (so one per partition value), which it opens on the first record for a directory and rolls by the
 * {@link RollPolicy}; what it stored; and, at the end, the plan of its overwrite cleanup. Records are encoded in
 * short runs of the stream ({@link RecordRun}), which keeps many interleaved streams fast.
 *
 * <p>Lifecycle: created when the write starts; {@link #write} for each record of the stream; {@link #finishCovered}
 * when waiting states force files to finish, {@link #finish}/{@link #discard} of single files for memory or after a
 * failed record; at the end of input {@link #finishAll()} and, once every upload settled, {@link #cleanUp}; or,
 * when the sync fails, {@link #discardAll()}. Every method runs under the writer's state lock, except
 * {@link #stored}, called on the upload threads.
 */
final class StreamSink {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSink.class);
  /**
   * What every stream's sink shares.
   *
   * @param runLength the most records of a stream encoded together (1: each as it comes; see {@link RecordRun})
   * @param runBytes the most memory the waiting records of a stream may take, as estimated
   */
  record Shared(FileOpener opener, RollPolicy roll, MemoryGovernor governor, UploadTracker tracker,
      FileNameTemplate names, int runLength, long runBytes) {}

  /** A record waiting in the run, with what its encoding needs. */
  private record Waiting(OutputRecord record, RecordGroup group, long number) {}


  private final StreamPlan plan;
  private final Shared shared;
  private final Map<String, OpenFile> open = new LinkedHashMap<>();
  private final RecordRun<Waiting> run;
  private final Set<String> storedKeys = ConcurrentHashMap.newKeySet();
  private final AtomicLong recordsStored = new AtomicLong();
  private final AtomicLong bytesStored = new AtomicLong();
  private final AtomicLong coercedValues = new AtomicLong();
  private long recordsAccepted;
  private boolean complete;

  StreamSink(StreamPlan plan, Shared shared) {
    this.plan = plan;
    this.shared = shared;
    this.run = new RecordRun<>(shared.runLength(), shared.runBytes());
  }

  StreamPlan plan() {
    return plan;
  }

  StreamDescriptor descriptor() {
    return plan.stream();
  }

  /** Whether this stream's records are written without a tree of their data (see {@code S3Writer}). */
  boolean takesDataAsJson() {
    return plan.formats().takesDataAsJson() && plan.path().isConstant();
  }

  /**
   * Takes one record: it waits in the stream's {@link RecordRun}, and when the run is due, the run's records are
   * written into the open file of their directory (opened if needed), each file finished when the roll policy says
   * so. A file that failed in the middle of a record is discarded: it is never completed.
   *
   * @param number the record's number in the sync (from 1)
   * @return the bytes the stream's files grew by (after compression, format buffers included); 0 while waiting
   */
  long write(OutputRecord record, RecordGroup group, long number) throws IOException {
    recordsAccepted++;
    long held = run.heldBytes();
    boolean due = run.add(new Waiting(record, group, number));
    shared.governor().formatBufferedChanged(run.heldBytes() - held);
    return due ? encodeRun() : 0;
  }

  /** Writes the waiting records into their files; returns the bytes the files grew by. */
  long encodeRun() throws IOException {
    if (run.isEmpty()) {
      return 0;
    }
    shared.governor().formatBufferedChanged(-run.heldBytes());
    List<Waiting> records = run.take();
    long grown = 0;
    for (Waiting w : records) {
      grown += encode(w);
    }
    run.encoded(records.size(), grown);
    return grown;
  }

  /** Writes the waiting records into their files (to finish files, or to relieve memory). */
  void encodeWaiting() {
    try {
      encodeRun();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the records of stream '" + plan.stream() + "'", e);
    }
  }

  private long encode(Waiting w) throws IOException {
    String directory = plan.path().render(w.record()::data);
    OpenFile file = open.get(directory);
    if (file == null) {
      file = shared.opener().open(this, directory, w.number());
      open.put(directory, file);
    }
    long before = file.size();
    try {
      shared.governor().formatBufferedChanged(file.write(w.record(), w.group()));
    } catch (IOException | RuntimeException e) {
      discard(file);
      throw e;
    }
    long grown = file.size() - before;
    if (shared.roll().shouldRoll(file.size(), file.partsHandedOver())) {
      finish(file);
    }
    return Math.max(0, grown);
  }

  /** Finishes the open files holding records that waiting states cover (after writing the waiting records). */
  int finishCovered(FlushSchedule.Cutoffs cutoffs) {
    encodeWaiting();
    List<OpenFile> covered = new ArrayList<>();
    for (OpenFile file : open.values()) {
      if (cutoffs.covers(plan.stream(), file.firstRecord)) {
        covered.add(file);
      }
    }
    covered.forEach(this::finish);
    return covered.size();
  }

  /** Finishes one file: its upload completes in the background, tracked until its records are acknowledged. */
  void finish(OpenFile file) {
    forget(file);
    OpenFile.Finished finished;
    try {
      finished = file.finish();
    } catch (RuntimeException e) {
      shared.tracker().trackAbort(file.discard());
      throw e;
    }
    shared.tracker().track(finished);
  }

  /** Abandons one file: nothing of it becomes visible. */
  void discard(OpenFile file) {
    forget(file);
    shared.tracker().trackAbort(file.discard());
  }

  /** Writes the waiting records and finishes every open file (end of input); returns how many. */
  int finishAll() {
    encodeWaiting();
    List<OpenFile> all = List.copyOf(open.values());
    all.forEach(this::finish);
    return all.size();
  }

  /** Abandons the waiting records and every open file (the sync failed); returns how many files. */
  int discardAll() {
    shared.governor().formatBufferedChanged(-run.heldBytes());
    run.take();
    List<OpenFile> all = List.copyOf(open.values());
    all.forEach(this::discard);
    return all.size();
  }

  Collection<OpenFile> openFiles() {
    return open.values();
  }

  /** The platform reported the stream COMPLETE. */
  void completed() {
    complete = true;
  }

  /** A file of this stream is stored (upload thread). */
  void stored(ObjectUpload.Result result, long records, long coerced) {
    storedKeys.add(result.key());
    recordsStored.addAndGet(records);
    bytesStored.addAndGet(result.bytes());
    coercedValues.addAndGet(coerced);
  }

  /**
   * At the end of a sync whose uploads all settled: deletes the stream's earlier data if its truncation may happen
   * now (see {@link dev.awsconnectors.destination.s3.generation.Truncation#mayDelete}), or says why it is kept.
   *
   * @param anyStatusSeen the input carried a stream status for any stream
   */
  void cleanUp(GenerationCleaner cleaner, boolean anyStatusSeen) {
    if (!plan.truncation().mayDelete(plan.mode(), complete, anyStatusSeen)) {
      if (plan.truncation().truncates()) {
        LOG.warn("Stream '{}' was not reported complete: its earlier data is kept (an interrupted overwrite deletes "
            + "nothing); the next successful sync replaces it", plan.stream());
      }
      return;
    }
    FileNameTemplate names = shared.names();
    String listingPrefix = plan.path().listingPrefix() + (plan.path().isSyncIndependent() ? names.literalPrefix()
        : "");
    cleaner.clean(new GenerationCleaner.Plan(plan.stream(), plan.tag(), plan.truncation(), listingPrefix,
        Pattern.compile(plan.path().regex() + names.regex()), Set.copyOf(storedKeys)));
  }

  long filesStored() {
    return storedKeys.size();
  }

  /** For the end-of-sync log: what the stream stored, and the values its formats coerced to fit their column. */
  String summary() {
    return String.format(java.util.Locale.ROOT, "stream '%s': %,d records received, %,d stored in %,d files "
        + "(%,d bytes); %,d values did not fit their column type and were coerced", plan.stream(), recordsAccepted,
        recordsStored.get(), storedKeys.size(), bytesStored.get(), coercedValues.get());
  }

  private void forget(OpenFile file) {
    open.remove(file.directory);
    shared.governor().formatBufferedChanged(-file.formatBuffered());
  }
}

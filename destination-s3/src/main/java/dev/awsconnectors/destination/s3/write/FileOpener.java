package dev.awsconnectors.destination.s3.write;

import dev.awsconnectors.commons.id.RandomIds;
import dev.awsconnectors.destination.s3.storage.FileKeys;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.ObjectMetadataKeys;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.ObjectUpload;
import dev.awsconnectors.destination.s3.storage.PartOutputStream;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.destination.s3.storage.UploadPool;
import dev.awsconnectors.format.FormatWriter;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens the files of every stream: a format writer over a stream of parts over an upload whose key {@link FileKeys}
 * claims when the first request goes out. Each object carries the stream's metadata and a random file id, by which
 * an upload recognizes its own object after a lost answer. Used under the writer's state lock; never waits for S3.
 */
final class FileOpener {
  private final ObjectStore store;
  private final UploadPool pool;
  private final MemoryBudget budget;
  private final PartSizing sizing;
  private final FileKeys keys;
  private final String contentType;
  private final Clock clock;
  private final RandomIds uuids;

  FileOpener(ObjectStore store, UploadPool pool, MemoryBudget budget, PartSizing sizing, FileKeys keys,
      String contentType, Clock clock, RandomIds uuids) {
    this.store = store;
    this.pool = pool;
    this.budget = budget;
    this.sizing = sizing;
    this.keys = keys;
    this.contentType = contentType;
    this.clock = clock;
    this.uuids = uuids;
  }

  /**
   * @param firstRecord the number of the file's first record in the sync
   * @throws dev.awsconnectors.commons.error.ConfigErrorException if the directory's keys are too long for S3
   */
  OpenFile open(StreamSink sink, String directory, long firstRecord) throws IOException {
    StreamPlan plan = sink.plan();
    Instant now = clock.instant();
    FileKeys.Directory names = keys.directory(directory, now, plan.syncId());
    Map<String, String> metadata = new HashMap<>(plan.metadata());
    metadata.put(ObjectMetadataKeys.FILE_ID, uuids.nextUuid().toString());
    ObjectUpload upload = new ObjectUpload(store, pool, names, now, plan.syncId(), contentType, metadata);
    PartOutputStream out = new PartOutputStream(budget, sizing, upload);
    FormatWriter writer = plan.formats().open(out);
    return new OpenFile(sink, directory, writer, out, upload, firstRecord, now.toEpochMilli());
  }
}

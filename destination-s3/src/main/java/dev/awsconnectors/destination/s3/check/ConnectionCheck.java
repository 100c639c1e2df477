package dev.awsconnectors.destination.s3.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.path.S3Names;
import dev.awsconnectors.destination.s3.storage.ConditionalWritesUnsupportedException;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.ObjectBody;
import dev.awsconnectors.destination.s3.storage.ObjectMetadataKeys;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.ObjectStore.NewObject;
import dev.awsconnectors.destination.s3.storage.PartBuffer;
import dev.awsconnectors.destination.s3.storage.PartOutputStream;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FormatWriter;
import dev.awsconnectors.format.FormatWriterFactory;
import dev.awsconnectors.format.OutputRecord;
import dev.awsconnectors.format.StreamSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check}: proves that a sync can work, step by step, and says which step failed and why. It writes a small
 * file in the configured format (so the codec works here) under the bucket path, lists it, reads it back, deletes
 * it, then starts and aborts a multipart upload. Nothing but its own test object is created or deleted.
 */
public final class ConnectionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionCheck.class);
  static final String TEST_PREFIX = "_airbyte_connection_test_";

  private final Function<S3Config, ObjectStore> stores;
  private final BiFunction<FileFormat, StreamSchema, FormatWriterFactory> formats;
  private final Clock clock;

  public ConnectionCheck(Function<S3Config, ObjectStore> stores,
      BiFunction<FileFormat, StreamSchema, FormatWriterFactory> formats, Clock clock) {
    this.stores = stores;
    this.formats = formats;
    this.clock = clock;
  }

  /** A failed step: what was being done and why it failed. */
  private static final class StepFailed extends Exception {
    StepFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws Exception;
  }

  public AirbyteConnectionStatus run(S3Config configured) {
    // A check answers within seconds: the retry policy bounded for checks, whatever the sync's budget.
    S3Config config = configured.withAws(configured.aws().withRetry(configured.aws().retry().forCheck()));
    List<String> done = new ArrayList<>();
    try {
      byte[] file = step("writing a test file in the configured format", done, () -> testFile(config));
      try (ObjectStore store = step("loading the AWS credentials and connecting", done, () -> stores.apply(config))) {
        String key = testKey(config);
        step("listing the bucket path (s3:ListBucket)", done, () -> {
          store.list(key, o -> { });
          return null;
        });
        Map<String, String> metadata = Map.of(ObjectMetadataKeys.FILE_ID, UUID.randomUUID().toString());
        step("writing the test object '" + key + "' (s3:PutObject)", done, () -> {
          NewObject object = new NewObject(key, "application/octet-stream", metadata);
          try {
            store.put(object, ObjectBody.of(file));
          } catch (ConditionalWritesUnsupportedException e) {
            // A store without conditional writes: the test key is unique, so writing it plainly replaces nothing.
            store.put(object, ObjectBody.of(file));
          }
          return null;
        });
        try {
          step("listing the test object (s3:ListBucket)", done, () -> {
            boolean[] found = {false};
            store.list(key, o -> found[0] |= o.key().equals(key));
            if (!found[0]) {
              throw new IllegalStateException("the object was written but the listing does not show it");
            }
            return null;
          });
          step("reading the test object back (s3:GetObject)", done, () -> {
            byte[] read = store.get(key);
            if (!Arrays.equals(read, file)) {
              throw new IllegalStateException("the object read back differs from what was written ("
                  + read.length + " bytes instead of " + file.length + ")");
            }
            return null;
          });
        } finally {
          step("deleting the test object (s3:DeleteObject, needed by overwrite syncs)", done, () -> {
            store.delete(List.of(key));
            return null;
          });
        }
        step("starting and aborting a multipart upload (s3:PutObject, s3:AbortMultipartUpload)", done, () -> {
          String multipartKey = key + "_multipart";
          String uploadId = store.startMultipart(new NewObject(multipartKey, "application/octet-stream", metadata));
          store.abortMultipart(multipartKey, uploadId);
          return null;
        });
      }
      LOG.info("Check passed: {}", String.join("; ", done));
      return AirbyteConnectionStatus.succeeded();
    } catch (StepFailed e) {
      LOG.debug("Check failed", e.getCause()); // the runner logs the status message once
      return AirbyteConnectionStatus.failed(e.getMessage());
    }
  }

  private static <T> T step(String what, List<String> done, Step<T> step) throws StepFailed {
    try {
      T result = step.run();
      done.add(what + ": OK");
      return result;
    } catch (ConnectorException e) {
      throw new StepFailed("Failed " + what + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new StepFailed("Failed " + what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage()), e);
    }
  }

  /** The test object's key: directly under the bucket path (the part before any variable). */
  String testKey(S3Config config) {
    String bucketPath = config.bucketPath();
    int variable = bucketPath.indexOf("${");
    String fixed = variable < 0 ? bucketPath : bucketPath.substring(0, variable);
    return S3Names.normalizeSlashes(fixed + "/" + TEST_PREFIX + clock.millis() + "_"
        + UUID.randomUUID().toString().substring(0, 8) + config.format().extension());
  }

  private byte[] testFile(S3Config config) throws Exception {
    ObjectNode schema = ProtocolCodec.mapper().createObjectNode().put("type", "object");
    schema.putObject("properties").putObject("check").put("type", "string");
    StreamDescriptor stream = new StreamDescriptor("_airbyte_connection_test", null);
    FormatWriterFactory factory = formats.apply(config.format(),
        new StreamSchema(stream, schema, config.columns(), 0L, null));
    MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE);
    PartOutputStream out = new PartOutputStream(budget, new PartSizing(PartSizing.DEFAULT_FIRST_PART), (n, p) -> {
      throw new IllegalStateException("The test file does not fill a part");
    });
    FormatWriter writer = factory.open(out);
    ObjectNode data = ProtocolCodec.mapper().createObjectNode().put("check", "ok");
    writer.write(new OutputRecord(UUID.randomUUID(), clock.millis(), data, null));
    writer.finish();
    PartBuffer bytes = out.takeLastPart();
    return bytes == null ? new byte[0] : bytes.toByteArray();
  }
}

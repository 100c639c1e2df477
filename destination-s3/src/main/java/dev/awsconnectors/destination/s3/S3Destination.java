package dev.awsconnectors.destination.s3;

import dev.awsconnectors.commons.config.ConfigReader;
import dev.awsconnectors.commons.config.ConnectorSpec;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.SystemErrorException;
import dev.awsconnectors.commons.protocol.AirbyteConnectionStatus;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteCatalog;
import dev.awsconnectors.commons.protocol.ConfiguredAirbyteStream;
import dev.awsconnectors.commons.protocol.DestinationSyncMode;
import dev.awsconnectors.commons.runtime.Destination;
import dev.awsconnectors.commons.runtime.DestinationWriter;
import dev.awsconnectors.commons.runtime.MessageOutput;
import dev.awsconnectors.destination.s3.check.ConnectionCheck;
import dev.awsconnectors.destination.s3.config.S3Config;
import dev.awsconnectors.destination.s3.config.S3ConfigParser;
import dev.awsconnectors.destination.s3.generation.StreamTag;
import dev.awsconnectors.destination.s3.generation.Truncation;
import dev.awsconnectors.destination.s3.path.PathTemplate.StreamPath;
import dev.awsconnectors.destination.s3.path.SyncTime;
import dev.awsconnectors.destination.s3.storage.MemoryBudget;
import dev.awsconnectors.destination.s3.storage.ObjectMetadataKeys;
import dev.awsconnectors.destination.s3.storage.ObjectStore;
import dev.awsconnectors.destination.s3.storage.PartSizing;
import dev.awsconnectors.destination.s3.storage.S3Limits;
import dev.awsconnectors.destination.s3.storage.S3ObjectStore;
import dev.awsconnectors.destination.s3.storage.UploadPool;
import dev.awsconnectors.destination.s3.write.ParquetSizing;
import dev.awsconnectors.destination.s3.write.S3Writer;
import dev.awsconnectors.destination.s3.write.StreamPlan;
import dev.awsconnectors.format.FileFormat;
import dev.awsconnectors.format.FileFormats;
import dev.awsconnectors.format.FormatWriterFactory;
import dev.awsconnectors.format.StreamSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airbyte destination writing Avro, Parquet, CSV and JSONL files to S3 (and S3-compatible stores) under a path
 * template, streamed through multipart uploads within one memory budget. Wires the pieces: config parsing, the
 * connection check, and per sync the stores, templates, formats and the {@link S3Writer}.
 */
public final class S3Destination implements Destination<S3Config> {
  private static final Logger LOG = LoggerFactory.getLogger(S3Destination.class);
  static final int UPLOAD_THREADS = 4;
  static final int MAX_PARTS_IN_FLIGHT = 6;

  /** Makes the format writers of one stream; production uses {@link FileFormats#factory}. */
  @FunctionalInterface
  public interface Formats {
    FormatWriterFactory factory(FileFormat format, StreamSchema schema);
  }

  /** Connects to the bucket; production uses {@link S3ObjectStore#open}. */
  @FunctionalInterface
  public interface Stores {
    ObjectStore open(S3Config config, int maxConnections);
  }

  private final Formats formats;
  private final Stores stores;
  private final Clock clock;
  private final Map<String, String> env;
  private final S3ConfigParser parser;
  private final boolean flushTimer;

  public S3Destination() {
    this(FileFormats::factory, S3ObjectStore::open, Clock.systemUTC(), System.getenv(),
        Runtime.getRuntime().maxMemory(), true);
  }

  /**
   * @param maxHeapBytes the JVM's maximum heap, for the default memory budget
   * @param flushTimer whether a timer applies the flush interval while no message arrives
   */
  public S3Destination(Formats formats, Stores stores, Clock clock, Map<String, String> env, long maxHeapBytes,
      boolean flushTimer) {
    this.formats = formats;
    this.stores = stores;
    this.clock = clock;
    this.env = env;
    this.parser = new S3ConfigParser(env, maxHeapBytes);
    this.flushTimer = flushTimer;
  }

  @Override
  public ConnectorSpec spec() {
    return ConnectorSpec.load(S3Destination.class);
  }

  @Override
  public S3Config parseConfig(ConfigReader config) {
    return parser.parse(config);
  }

  @Override
  public AirbyteConnectionStatus check(S3Config config) {
    return new ConnectionCheck(c -> stores.open(c, UPLOAD_THREADS), formats::factory, clock).run(config);
  }

  @Override
  public DestinationWriter open(S3Config config, ConfiguredAirbyteCatalog catalog, MessageOutput output) {
    FileFormat format = effectiveFormat(config, catalog.streams().stream().map(s -> s.stream().jsonSchema())
        .toList());
    SyncTime syncTime = new SyncTime(clock.instant());
    PartSizing sizing = PartSizing.forTargetFileSize(config.targetFileSizeBytes());
    List<PlannedStream> planned = new ArrayList<>();
    for (ConfiguredAirbyteStream stream : catalog.streams()) {
      Truncation truncation = Truncation.of(stream);
      if (stream.destinationSyncMode() == DestinationSyncMode.APPEND_DEDUP
          || stream.destinationSyncMode() == DestinationSyncMode.OVERWRITE_DEDUP) {
        LOG.warn("Stream '{}' asks for {}: files in S3 cannot be de-duplicated, its records are appended as they come",
            stream.descriptor(), stream.destinationSyncMode().name().toLowerCase(java.util.Locale.ROOT));
      }
      StreamSchema schema = new StreamSchema(stream.descriptor(), stream.stream().jsonSchema(), config.columns(),
          stream.generationId(), stream.syncId());
      FormatWriterFactory factory;
      try {
        factory = formats.factory(format, schema);
      } catch (ConnectorException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new SystemErrorException("Cannot prepare the " + format.extension() + " files of stream '"
            + stream.descriptor() + "': " + e.getMessage(), e, stream.descriptor());
      }
      planned.add(new PlannedStream(stream, truncation, factory));
    }
    int partsInFlight = (int) Math.max(1, Math.min(MAX_PARTS_IN_FLIGHT,
        config.memoryBudgetBytes() / (2 * sizing.firstPartSize())));
    ObjectStore store = stores.open(config, UPLOAD_THREADS + 4);
    UploadPool pool = new UploadPool(UPLOAD_THREADS, partsInFlight);
    try {
      List<StreamPlan> sinks = new ArrayList<>();
      for (PlannedStream p : planned) {
        ConfiguredAirbyteStream stream = p.stream();
        StreamPath path = config.path().bind(stream.descriptor().namespace(), stream.descriptor().name(), syncTime,
            UUID.randomUUID());
        String syncId = stream.syncId() != null ? String.valueOf(stream.syncId())
            : env.getOrDefault("WORKER_JOB_ID", "");
        Map<String, String> metadata = new HashMap<>();
        metadata.put(ObjectMetadataKeys.GENERATION_ID,
            String.valueOf(stream.generationId() == null ? 0 : stream.generationId()));
        metadata.put(ObjectMetadataKeys.STREAM, StreamTag.of(stream.descriptor()));
        if (!syncId.isEmpty()) {
          metadata.put(ObjectMetadataKeys.SYNC_ID, syncId);
        }
        sinks.add(new StreamPlan(stream.descriptor(),
            stream.destinationSyncMode(), p.truncation(), p.factory(), path, StreamTag.of(stream.descriptor()),
            metadata, syncId));
        if (p.truncation().truncates()) {
          LOG.info("Stream '{}' is overwritten ({}): earlier objects under '{}' are deleted only after this sync's "
              + "data for it is complete", stream.descriptor(), p.truncation(), path.listingPrefix());
        }
      }
      LOG.info("Writing {} streams as {} files to '{}' (target file size {} MiB, parts from {} MiB, memory budget "
          + "{} MiB, {} parts in flight)", sinks.size(), format.extension(), config.path().source(),
          config.targetFileSizeBytes() / S3Limits.MIB, sizing.firstPartSize() / S3Limits.MIB,
          config.memoryBudgetBytes() / S3Limits.MIB, partsInFlight);
      return new S3Writer(sinks, new S3Writer.Settings(
          config.targetFileSizeBytes(), config.flushInterval(), sizing, contentType(format.extension()), flushTimer),
          store, pool, new MemoryBudget(config.memoryBudgetBytes()), config.fileName(), output, clock);
    } catch (RuntimeException e) {
      pool.close();
      store.close();
      throw e;
    }
  }

  private record PlannedStream(ConfiguredAirbyteStream stream, Truncation truncation, FormatWriterFactory factory) {}

  /** Parquet's buffers per open file, lowered to fit the memory budget with every stream open at once. */
  static FileFormat effectiveFormat(S3Config config, List<com.fasterxml.jackson.databind.JsonNode> schemas) {
    if (!(config.format() instanceof FileFormat.Parquet parquet)) {
      return config.format();
    }
    FileFormat.Parquet fitted = ParquetSizing.fit(parquet, config.memoryBudgetBytes(), schemas);
    if (!fitted.equals(parquet)) {
      LOG.info("Parquet options lowered so that {} streams' files fit in the {} MiB memory budget: block_size_mb {} "
          + "(was {}), max_padding_size_mb {} (was {}), page_size_kb {} (was {}), dictionary_page_size_kb {} (was {})",
          schemas.size(), config.memoryBudgetBytes() / S3Limits.MIB, fitted.blockSizeMb(), parquet.blockSizeMb(),
          fitted.maxPaddingSizeMb(), parquet.maxPaddingSizeMb(), fitted.pageSizeKb(), parquet.pageSizeKb(),
          fitted.dictionaryPageSizeKb(), parquet.dictionaryPageSizeKb());
    }
    return fitted;
  }

  static String contentType(String extension) {
    return switch (extension) {
      case ".csv" -> "text/csv";
      case ".jsonl" -> "application/jsonl";
      case ".avro" -> "application/avro";
      case ".parquet" -> "application/vnd.apache.parquet";
      case ".csv.gz", ".jsonl.gz" -> "application/gzip";
      default -> "application/octet-stream";
    };
  }
}

package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a key for every new file that no object has. The first time a directory is used in a sync, the names
 * under it are listed once (narrowed by the file name's literal prefix); part numbers then continue after the
 * highest one found, and a name that is taken gets the next part number, or a {@code -N} suffix when the pattern
 * has no {@code {part_number}}. Keys used in this sync are remembered, so two files never get the same key. The
 * conditional write of {@link ObjectUpload} guards against writers that appear after the listing. Thread-safe.
 */
public final class KeyAllocator {
  private static final Logger LOG = LoggerFactory.getLogger(KeyAllocator.class);
  private static final int MAX_SUFFIX = 1_000_000;

  private final ObjectStore store;
  private final FileNameTemplate names;
  private final Map<String, Directory> directories = new HashMap<>();

  public KeyAllocator(ObjectStore store, FileNameTemplate names) {
    this.store = store;
    this.names = names;
  }

  private static final class Directory {
    final Set<String> taken = new HashSet<>();
    long nextPart;
  }

  /**
   * A free key for a new file in {@code directory}.
   *
   * @param createdAt the file's creation time, for date and timestamp placeholders
   * @param syncId the sync id, or empty
   * @throws ConfigErrorException if the key is longer than S3 allows
   */
  public synchronized String allocate(String directory, Instant createdAt, String syncId) {
    Directory dir = directories.computeIfAbsent(directory, this::list);
    String name;
    if (names.usesPartNumber()) {
      do {
        name = names.render(new FileNameTemplate.Values(createdAt, dir.nextPart++, syncId));
      } while (dir.taken.contains(name) || name.isEmpty());
    } else {
      String base = names.render(new FileNameTemplate.Values(createdAt, 0, syncId));
      name = base;
      for (int n = 1; dir.taken.contains(name) || name.isEmpty(); n++) {
        if (n > MAX_SUFFIX) {
          throw new IllegalStateException("No free name for '" + directory + base + "'");
        }
        name = names.withSuffix(base, n);
      }
    }
    dir.taken.add(name);
    String key = directory + name;
    int length = key.getBytes(StandardCharsets.UTF_8).length;
    if (length > S3Limits.MAX_KEY_BYTES) {
      throw new ConfigErrorException("The object key '" + key + "' is " + length + " bytes long; S3 allows "
          + S3Limits.MAX_KEY_BYTES + ". Shorten s3_bucket_path, s3_path_format or file_name_pattern.");
    }
    return key;
  }

  /** After a write found {@code takenKey} occupied: remembers that and returns another free key. */
  public synchronized String reallocate(String takenKey, Instant createdAt, String syncId) {
    String directory = directories.keySet().stream().filter(takenKey::startsWith)
        .max((a, b) -> Integer.compare(a.length(), b.length()))
        .orElseThrow(() -> new IllegalStateException("'" + takenKey + "' was not allocated here"));
    directories.get(directory).taken.add(takenKey.substring(directory.length()));
    return allocate(directory, createdAt, syncId);
  }

  private Directory list(String directory) {
    Directory dir = new Directory();
    long[] highest = {-1};
    long[] count = {0};
    store.list(directory + names.literalPrefix(), object -> {
      String name = object.key().substring(directory.length());
      dir.taken.add(name);
      count[0]++;
      names.partNumberOf(name).ifPresent(n -> highest[0] = Math.max(highest[0], n));
    });
    dir.nextPart = highest[0] + 1;
    if (count[0] > 0) {
      LOG.info("{} objects exist under '{}'; new files continue at part number {} and never replace them",
          count[0], directory + names.literalPrefix(), dir.nextPart);
    }
    return dir;
  }
}

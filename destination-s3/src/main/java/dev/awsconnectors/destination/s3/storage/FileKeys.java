package dev.awsconnectors.destination.s3.storage;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.destination.s3.path.FileNameTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the key of every new file so that no two files of a sync share one and no existing object is replaced,
 * without listing a whole directory: start-up time and memory do not depend on how many objects a stream's path
 * already holds.
 *
 * <p>Per directory (a rendered path), file numbers ({@code {part_number}}, or the {@code -N} clash suffix of a
 * pattern without it) are claimed in the order files ask for them. The first claim reads one listing page (at most
 * {@value #PAGE} keys, one request): when it holds every name, numbering continues after the highest part number,
 * exactly as a full listing would; when the directory holds more, a {@link FreeNumberSearch} from the page's highest
 * number finds the end of the numbers in use with a few HeadObject requests. A claimed key is then checked with
 * HeadObject right before use only where nothing else protects it: a multipart upload's key when the directory's
 * names are not all known (a multipart upload cannot move to another key once its parts are uploaded), every key
 * once the store has shown that it does not support conditional writes, and the key claimed after a write found its
 * key taken. Other keys rely on the conditional write ({@code If-None-Match: *}) of {@link ObjectUpload}, which moves
 * to a checked key on HTTP 412.
 *
 * <p>Lifecycle: one per sync, shared by every stream. {@link #directory} when a file is opened (it refuses keys
 * longer than S3 allows at once); {@link Directory#claim} when the file's first request is about to be sent: the key
 * arrives on the upload threads, after the claims made before it. No lock is held while S3 answers. Thread-safe.
 */
public final class FileKeys {
  private static final Logger LOG = LoggerFactory.getLogger(FileKeys.class);
  /** One ListObjectsV2 page: the most keys one request returns. */
  static final int PAGE = 1000;
  /** HeadObject questions a number search asks together. */
  static final int QUESTIONS_AT_ONCE = 8;

  /** Why a key is claimed, which decides whether it is checked with HeadObject before use. */
  public enum Use {
    /** A whole object in one PutObject: checked only if the store does not support conditional writes. */
    PUT,
    /** A multipart upload: checked unless every name of the directory is known and creation is conditional. */
    MULTIPART,
    /** Again, after a write found the claimed key taken: always checked. */
    AFTER_CLASH
  }

  private final ObjectStore store;
  private final FileNameTemplate names;
  private final Executor executor;
  /**
   * Asks the HeadObject questions of a search, which runs on an upload thread and waits for them: threads of their
   * own, so a search never waits for the upload threads it occupies. Idle threads end by themselves (daemons).
   */
  private final ThreadPoolExecutor questions;
  private final Map<String, Directory> directories = new ConcurrentHashMap<>();

  /** @param executor runs the listing and the checks (the upload threads) */
  public FileKeys(ObjectStore store, FileNameTemplate names, Executor executor) {
    this.store = store;
    this.names = names;
    this.executor = executor;
    AtomicInteger n = new AtomicInteger();
    this.questions = new ThreadPoolExecutor(QUESTIONS_AT_ONCE, QUESTIONS_AT_ONCE, 2, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "s3-key-search-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    questions.allowCoreThreadTimeOut(true);
  }

  /**
   * The keys of one directory, the same object for every file in it.
   *
   * @throws ConfigErrorException if a key in it would be longer than S3 allows
   */
  public Directory directory(String directory, Instant createdAt, String syncId) {
    checkLength(directory + names.render(new FileNameTemplate.Values(createdAt, 0, syncId)));
    Directory keys = directories.computeIfAbsent(directory, Directory::new);
    keys.prepare(createdAt, syncId);
    return keys;
  }

  /** The next number to try in a directory, the base name it numbers (suffix patterns) and whether it is known free. */
  private record Next(String base, long number, boolean known) {}

  /** The keys of one directory: see {@link FileKeys}. */
  public final class Directory {
    private final String path;
    private CompletableFuture<Next> tail;
    /** Every name in the directory was known (one listing page held them all) and no write found a key taken. */
    private volatile boolean exact;

    private Directory(String path) {
      this.path = path;
    }

    /**
     * Claims the key of a new file.
     *
     * @param createdAt the file's creation time, for date and timestamp placeholders
     * @return completes on an upload thread with a key no other file of this sync gets, or fails with the reason
     *     (a listing or check that failed after the retry policy's attempts, a key too long)
     */
    public synchronized CompletableFuture<String> claim(Instant createdAt, String syncId, Use use) {
      prepare(createdAt, syncId);
      CompletableFuture<Next> claimed = tail.thenApplyAsync(next -> choose(next, createdAt, syncId, use), executor);
      tail = claimed;
      return claimed.thenApply(next -> path + name(next.base(), next.number() - 1, createdAt, syncId));
    }

    /**
     * Starts the first claim's listing page (and the search for the end of the numbers of a large directory) if it
     * has not started: when the directory's first file opens, so that it runs while that file fills instead of
     * holding up the file's first upload.
     */
    synchronized void prepare(Instant createdAt, String syncId) {
      if (tail == null) {
        tail = CompletableFuture.supplyAsync(() -> start(createdAt, syncId), executor);
      }
    }

    /** A write found a claimed key taken by an object this sync did not write: names are no longer all known. */
    public void clashed() {
      exact = false;
    }

    /** The first claim: one listing page, and a search for the end of the numbers if the page does not hold all. */
    private Next start(Instant createdAt, String syncId) {
      if (!names.usesPartNumber()) {
        return new Next(null, 0, false);
      }
      String prefix = path + names.literalPrefix();
      ObjectStore.Page page = store.firstPage(prefix, PAGE);
      long highest = -1;
      for (ObjectStore.ObjectInfo object : page.objects()) {
        OptionalLong number = names.partNumberOf(object.key().substring(path.length()));
        if (number.isPresent()) {
          highest = Math.max(highest, number.getAsLong());
        }
      }
      if (!page.truncated()) {
        exact = true;
        if (!page.objects().isEmpty()) {
          LOG.info("{} objects exist under '{}'; new files continue at part number {} and never replace them",
              page.objects().size(), prefix, highest + 1);
        }
        return new Next(null, highest + 1, true);
      }
      FreeNumberSearch search = search(highest + 1, n -> name(null, n, createdAt, syncId));
      LOG.info("More than {} objects exist under '{}': new files start at part number {} (found with {} HeadObject "
          + "requests instead of a listing) and never replace an object", PAGE, prefix, search.result(),
          search.questions());
      return new Next(null, search.result(), true);
    }

    private Next choose(Next next, Instant createdAt, String syncId, Use use) {
      String base = names.usesPartNumber() ? null : names.render(new FileNameTemplate.Values(createdAt, 0, syncId));
      boolean sameSequence = Objects.equals(base, next.base());
      long number = sameSequence ? next.number() : 0;
      boolean known = sameSequence && next.known();
      while (name(base, number, createdAt, syncId).isEmpty()) {
        number++;
        known = false;
      }
      boolean check = switch (use) {
        case AFTER_CLASH -> true;
        case MULTIPART -> !exact || !store.conditionalWrites();
        case PUT -> !store.conditionalWrites();
      };
      if (check && !known) {
        number = search(number, n -> name(base, n, createdAt, syncId)).result();
      }
      checkLength(path + name(base, number, createdAt, syncId));
      return new Next(base, number + 1, false);
    }

    /**
     * Asks HeadObject about names until a free one is found, {@value #QUESTIONS_AT_ONCE} questions at a time (a round
     * trip per round instead of each); an empty name counts as taken.
     */
    private FreeNumberSearch search(long from, LongFunction<String> nameOf) {
      FreeNumberSearch search = new FreeNumberSearch(from);
      while (!search.done()) {
        long[] probes = search.probes(QUESTIONS_AT_ONCE);
        List<CompletableFuture<Boolean>> asked = new ArrayList<>(probes.length);
        for (long probe : probes) {
          String name = nameOf.apply(probe);
          asked.add(name.isEmpty() ? CompletableFuture.completedFuture(true)
              : CompletableFuture.supplyAsync(() -> store.metadata(path + name).isPresent(), questions));
        }
        boolean[] taken = new boolean[probes.length];
        for (int i = 0; i < taken.length; i++) {
          taken[i] = join(asked.get(i));
        }
        search.answer(taken);
      }
      return search;
    }
  }

  /** The answer to a question, or its failure as the store threw it (after the retry policy's attempts). */
  private static boolean join(CompletableFuture<Boolean> answer) {
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  private String name(String base, long number, Instant createdAt, String syncId) {
    if (base == null) {
      return names.render(new FileNameTemplate.Values(createdAt, number, syncId));
    }
    return number == 0 ? base : names.withSuffix(base, Math.toIntExact(number));
  }

  private static void checkLength(String key) {
    int length = key.getBytes(StandardCharsets.UTF_8).length;
    if (length > S3Limits.MAX_KEY_BYTES) {
      throw new ConfigErrorException("The object key '" + key + "' is " + length + " bytes long; S3 allows "
          + S3Limits.MAX_KEY_BYTES + ". Shorten s3_bucket_path, s3_path_format or file_name_pattern.");
    }
  }
}

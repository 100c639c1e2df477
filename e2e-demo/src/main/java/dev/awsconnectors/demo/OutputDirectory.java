package dev.awsconnectors.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a run writes its output without ever losing the previous good one: the run fills a fresh
 * {@code <name>.partial} directory, and only a run that succeeded swaps it in for {@code <name>} (two renames, the
 * old output moved aside to {@code <name>.previous} first and deleted last). An interrupted run (Ctrl-C, kill, a
 * failure) leaves {@code <name>} as it was; the next run removes what it left and puts back an output caught
 * between the two renames.
 *
 * <p>Lifecycle: {@link #prepare()} once at the start, then {@link #commit()} on success or {@link #discard()}
 * otherwise.
 */
final class OutputDirectory {
  private final Path finalDir;
  private final Path partial;
  private final Path previous;

  OutputDirectory(Path finalDir) {
    this.finalDir = finalDir;
    this.partial = finalDir.resolveSibling(finalDir.getFileName() + ".partial");
    this.previous = finalDir.resolveSibling(finalDir.getFileName() + ".previous");
  }

  /** The directory the run writes to. */
  Path working() {
    return partial;
  }

  /** Where the output is once committed. */
  Path finalDir() {
    return finalDir;
  }

  /** Repairs what an interrupted run left, then creates an empty working directory. */
  void prepare() throws IOException {
    if (Files.exists(previous)) {
      if (Files.exists(finalDir)) {
        deleteRecursively(previous); // the swap completed; only the clean-up was interrupted
      } else {
        Files.move(previous, finalDir, StandardCopyOption.ATOMIC_MOVE); // interrupted between the two renames
      }
    }
    deleteRecursively(partial);
    Files.createDirectories(partial);
  }

  /** Makes the working directory the output; the previous output is deleted. */
  void commit() throws IOException {
    if (Files.exists(finalDir)) {
      Files.move(finalDir, previous, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(partial, finalDir, StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(previous);
  }

  /** Deletes the working directory; the previous output stays. */
  void discard() throws IOException {
    deleteRecursively(partial);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

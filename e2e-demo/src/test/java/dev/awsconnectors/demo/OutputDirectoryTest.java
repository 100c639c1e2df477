package dev.awsconnectors.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
  @TempDir
  Path root;

  private Path output() {
    return root.resolve("demo-output");
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void aCommittedRunReplacesThePreviousOutput() throws Exception {
    write(output().resolve("state.json"), "old");
    write(output().resolve("s3/old.parquet"), "old");
    OutputDirectory dir = new OutputDirectory(output());
    dir.prepare();
    write(dir.working().resolve("state.json"), "new");
    assertThat(output().resolve("state.json")).hasContent("old");
    dir.commit();
    assertThat(output().resolve("state.json")).hasContent("new");
    assertThat(output().resolve("s3")).doesNotExist();
    assertThat(root).isDirectoryNotContaining(p -> !p.equals(output()));
  }

  @Test
  void aFailedOrInterruptedRunLeavesThePreviousOutputAsItWas() throws Exception {
    write(output().resolve("state.json"), "old");
    OutputDirectory failed = new OutputDirectory(output());
    failed.prepare();
    write(failed.working().resolve("state.json"), "half");
    failed.discard();
    assertThat(output().resolve("state.json")).hasContent("old");

    OutputDirectory killed = new OutputDirectory(output());
    killed.prepare();
    write(killed.working().resolve("state.json"), "half"); // then the process is killed: nothing more runs
    OutputDirectory next = new OutputDirectory(output());
    next.prepare();
    assertThat(next.working()).isEmptyDirectory();
    assertThat(output().resolve("state.json")).hasContent("old");
  }

  @Test
  void aRunKilledBetweenTheTwoRenamesGetsThePreviousOutputBack() throws Exception {
    write(root.resolve("demo-output.previous/state.json"), "old"); // moved aside, the new one not yet in place
    write(root.resolve("demo-output.partial/state.json"), "new");
    new OutputDirectory(output()).prepare();
    assertThat(output().resolve("state.json")).hasContent("old");
    assertThat(root.resolve("demo-output.previous")).doesNotExist();

    write(root.resolve("demo-output.previous/state.json"), "older"); // swapped, but not yet cleaned up
    new OutputDirectory(output()).prepare();
    assertThat(output().resolve("state.json")).hasContent("old");
    assertThat(root.resolve("demo-output.previous")).doesNotExist();
  }
}

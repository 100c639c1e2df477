package dev.awsconnectors.commons.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LogLevelsTest {

  @Test
  void usesLogLevelForOurCodeAndInfoByDefault() {
    assertThat(new LogLevels(null).thresholdFor("dev.awsconnectors.x")).isEqualTo(Level.INFO);
    assertThat(new LogLevels("debug").thresholdFor("dev.awsconnectors.x")).isEqualTo(Level.DEBUG);
    assertThat(new LogLevels("WARNING").thresholdFor("dev.awsconnectors.x")).isEqualTo(Level.WARN);
    assertThat(new LogLevels("nonsense").thresholdFor("dev.awsconnectors.x")).isEqualTo(Level.INFO);
  }

  @Test
  void keepsChattyLibrariesAtWarnUnlessTraceIsAsked() {
    assertThat(new LogLevels("DEBUG").thresholdFor("software.amazon.awssdk.request")).isEqualTo(Level.WARN);
    assertThat(new LogLevels("ERROR").thresholdFor("org.apache.parquet.hadoop")).isEqualTo(Level.ERROR);
    assertThat(new LogLevels("TRACE").thresholdFor("software.amazon.awssdk.request")).isEqualTo(Level.TRACE);
  }

  @Test
  void silencesTheNativeCodecWarning() {
    assertThat(new LogLevels("INFO").thresholdFor("org.apache.hadoop.util.NativeCodeLoader")).isEqualTo(Level.ERROR);
  }
}

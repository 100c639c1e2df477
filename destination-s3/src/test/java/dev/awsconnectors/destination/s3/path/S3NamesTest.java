package dev.awsconnectors.destination.s3.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S3NamesTest {
  @Test
  void keepsAwsSafeCharactersAndReplacesTheRest() {
    assertThat(S3Names.s3Safe("a-Z_0.9!*'()&$@=;:+,?/")).isEqualTo("a-Z_0.9!*'()&$@=;:+,?/");
    assertThat(S3Names.s3Safe("tab\there\nline\u2028sep#%{}[]^`\"<>|~\\")).isEqualTo("tab_here_line_sep" + "_".repeat(14));
    assertThat(S3Names.s3Safe("Ærøskøbing")).isEqualTo("_r_sk_bing");
    assertThat(S3Names.s3Safe("naïve café")).isEqualTo("naive_cafe");
    assertThat(S3Names.s3Safe("")).isEmpty();
  }

  @Test
  void partitionValuesNeverAddDirectories() {
    assertThat(S3Names.partitionValue("a/b/../c")).isEqualTo("a_b_.._c");
    assertThat(S3Names.partitionValue(".")).isEqualTo("_");
    assertThat(S3Names.partitionValue("x".repeat(128))).hasSize(128).doesNotContain("~");
    assertThat(S3Names.partitionValue("x".repeat(129))).hasSize(128).contains("~");
  }

  @Test
  void normalizesSlashes() {
    assertThat(S3Names.normalizeSlashes("//a///b/")).isEqualTo("a/b/");
    assertThat(S3Names.normalizeSlashes("a")).isEqualTo("a");
    assertThat(S3Names.normalizeSlashes("/")).isEmpty();
  }
}

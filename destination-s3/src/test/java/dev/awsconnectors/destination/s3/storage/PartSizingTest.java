package dev.awsconnectors.destination.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartSizingTest {
  private static final long MIB = S3Limits.MIB;

  @Test
  void startsAtEightMebibytesForOrdinaryTargets() {
    assertThat(PartSizing.forTargetFileSize(200 * MIB).firstPartSize()).isEqualTo(8 * MIB);
    assertThat(PartSizing.forTargetFileSize(1).firstPartSize()).isEqualTo(8 * MIB);
  }

  @Test
  void startsLargerWhenTheTargetWouldNotFitIn9000Parts() {
    long target = 200L * 1024 * MIB;
    PartSizing sizing = PartSizing.forTargetFileSize(target);
    assertThat(sizing.firstPartSize() * 9000).isGreaterThanOrEqualTo(target);
    assertThat(sizing.firstPartSize() % MIB).isZero();
    assertThat(PartSizing.forTargetFileSize(S3Limits.MAX_OBJECT_SIZE * 10).firstPartSize())
        .isEqualTo(S3Limits.MAX_PART_SIZE);
  }

  @Test
  void doublesEveryThousandPartsUpToFiveGibibytes() {
    PartSizing sizing = new PartSizing(8 * MIB);
    assertThat(sizing.partSize(1)).isEqualTo(8 * MIB);
    assertThat(sizing.partSize(1000)).isEqualTo(8 * MIB);
    assertThat(sizing.partSize(1001)).isEqualTo(16 * MIB);
    assertThat(sizing.partSize(2001)).isEqualTo(32 * MIB);
    assertThat(sizing.partSize(10_000)).isEqualTo(4096 * MIB);
    assertThat(new PartSizing(S3Limits.MAX_PART_SIZE).partSize(9999)).isEqualTo(S3Limits.MAX_PART_SIZE);
  }

  @Test
  void tenThousandPartsReachTheFiveTebibyteObjectLimit() {
    assertThat(new PartSizing(8 * MIB).maxObjectSize()).isEqualTo(S3Limits.MAX_OBJECT_SIZE);
    assertThat(new PartSizing(5 * MIB).maxObjectSize()).isGreaterThan(4L * 1024 * 1024 * MIB);
  }

  @Test
  void refusesPartsOutsideS3Limits() {
    assertThatThrownBy(() -> new PartSizing(4 * MIB)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartSizing(8 * MIB).partSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartSizing(8 * MIB).partSize(10_001)).isInstanceOf(IllegalArgumentException.class);
  }
}

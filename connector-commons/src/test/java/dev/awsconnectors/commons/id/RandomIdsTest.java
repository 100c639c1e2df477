package dev.awsconnectors.commons.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

  @Test
  void idsAreVersion4UuidsInCanonicalText() {
    RandomIds ids = new RandomIds();
    for (int i = 0; i < 10_000; i++) {
      String id = ids.next();
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
    }
  }

  @Test
  void idsDoNotRepeatAndEveryRandomHexDigitVaries() {
    RandomIds ids = new RandomIds();
    Set<String> seen = new HashSet<>();
    int[][] digits = new int[36][16];
    for (int i = 0; i < 100_000; i++) {
      String id = ids.next();
      assertThat(seen.add(id)).isTrue();
      for (int c = 0; c < 36; c++) {
        char ch = id.charAt(c);
        if (ch != '-') {
          digits[c][Character.digit(ch, 16)]++;
        }
      }
    }
    for (int c = 0; c < 36; c++) {
      if (c == 8 || c == 13 || c == 18 || c == 23 || c == 14 || c == 19) {
        continue; // dashes, the version digit and the variant digit
      }
      for (int d = 0; d < 16; d++) {
        // 100,000 / 16 = 6,250 expected per digit value; a uniform source stays far within 10 %.
        assertThat(digits[c][d]).as("position %d digit %x", c, d).isBetween(5_625, 6_875);
      }
    }
  }

  @Test
  void uuidsAreVersion4AndFollowTheSameSequenceAsTheText() {
    RandomIds uuids = new RandomIds(7);
    RandomIds texts = new RandomIds(7);
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = uuids.nextUuid();
      assertThat(uuid.version()).isEqualTo(4);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(texts.next());
    }
  }

  @Test
  void differentInstancesGiveDifferentSequencesAndASeedRepeatsOne() {
    assertThat(new RandomIds().next()).isNotEqualTo(new RandomIds().next());
    assertThat(new RandomIds(42).next()).isEqualTo(new RandomIds(42).next()).isNotEqualTo(new RandomIds(43).next());
  }
}

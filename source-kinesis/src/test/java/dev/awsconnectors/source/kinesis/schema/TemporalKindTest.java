package dev.awsconnectors.source.kinesis.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemporalKindTest {

  @Test
  void recognisesEachShapeAndRefusesNearMisses() {
    assertThat(TemporalKind.of("2024-05-01")).contains(TemporalKind.DATE);
    assertThat(TemporalKind.of("2024-05-01T10:00:00Z")).contains(TemporalKind.TIMESTAMP_WITH_TIMEZONE);
    assertThat(TemporalKind.of("2024-05-01t10:00:00.123456789+14:00")).contains(TemporalKind.TIMESTAMP_WITH_TIMEZONE);
    assertThat(TemporalKind.of("2024-05-01T10:00:00")).contains(TemporalKind.TIMESTAMP_WITHOUT_TIMEZONE);
    assertThat(TemporalKind.of("10:00:00")).contains(TemporalKind.TIME_WITHOUT_TIMEZONE);
    assertThat(TemporalKind.of("10:00:00.5-18:00")).contains(TemporalKind.TIME_WITH_TIMEZONE);
    assertThat(TemporalKind.of("2000-02-29")).contains(TemporalKind.DATE);
    for (String miss : List.of("2024-02-30", "1900-02-29", "2024-1-5", "2024-05-01 10:00:00", "2024-05-01T10:00Z",
        "1714557600", "24:00:00", "10:60:00", "10:00:60", "10:00:00+18:01", "10:00:00+19:00", "10:00:00.",
        "10:00:00.1234567890", "2024-13-01", "2024-00-10", "2024-05-00", "２０２４-05-01", "2024-05-01T10:00:00ZZ",
        "2024-05-01T10:00:00+05", "2024-05-01T10:00:00+05:60")) {
      assertThat(TemporalKind.of(miss)).as(miss).isEmpty();
    }
  }

  @Test
  void agreesWithTheRfc3339PatternsAndJavaTimeOnEveryVariation() {
    Random random = new Random(11);
    List<String> seeds = List.of("2024-05-01", "2024-02-29T23:59:59.999+05:30", "1999-12-31t00:00:00z",
        "10:00:00.123Z", "00:00:00-18:00", "2023-02-28T12:00:00", "0000-02-29", "9999-12-31T23:59:59.123456789Z");
    String alphabet = "0123456789-:T.Zz+ t5";
    int checked = 0;
    for (String seed : seeds) {
      for (int i = 0; i < 20_000; i++) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
          int at = random.nextInt(s.length() + 1);
          switch (random.nextInt(3)) {
            case 0 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            case 1 -> {
              if (at < s.length()) {
                s.deleteCharAt(at);
              }
            }
            default -> {
              if (at < s.length()) {
                s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
              }
            }
          }
        }
        String text = s.toString();
        assertThat(TemporalKind.of(text)).as(text).isEqualTo(Oracle.of(text));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(160_000);
  }

  /** The recognition as it was first written, with patterns and java.time, to compare the hand-written one with. */
  private static final class Oracle {
    private static final String DATE_PART = "(\\d{4})-(\\d{2})-(\\d{2})";
    private static final String TIME_PART = "(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?";
    private static final String OFFSET_PART = "(Z|z|[+-](\\d{2}):(\\d{2}))?";
    private static final Pattern DATE_ONLY = Pattern.compile(DATE_PART);
    private static final Pattern TIMESTAMP = Pattern.compile(DATE_PART + "[Tt]" + TIME_PART + OFFSET_PART);
    private static final Pattern TIME_ONLY = Pattern.compile(TIME_PART + OFFSET_PART);

    static Optional<TemporalKind> of(String text) {
      if (text.length() < 8 || text.length() > 40 || !Character.isDigit(text.charAt(0))) {
        return Optional.empty();
      }
      Matcher m = TIME_ONLY.matcher(text);
      if (m.matches()) {
        return valid(() -> time(m, 1), () -> offset(m, 5))
            ? Optional.of(m.group(4) == null ? TemporalKind.TIME_WITHOUT_TIMEZONE : TemporalKind.TIME_WITH_TIMEZONE)
            : Optional.empty();
      }
      Matcher d = DATE_ONLY.matcher(text);
      if (d.matches()) {
        return valid(() -> date(d, 1)) ? Optional.of(TemporalKind.DATE) : Optional.empty();
      }
      Matcher t = TIMESTAMP.matcher(text);
      if (t.matches()) {
        return valid(() -> date(t, 1), () -> time(t, 4), () -> offset(t, 8)) ? Optional.of(t.group(7) == null
            ? TemporalKind.TIMESTAMP_WITHOUT_TIMEZONE : TemporalKind.TIMESTAMP_WITH_TIMEZONE) : Optional.empty();
      }
      return Optional.empty();
    }

    private static void date(Matcher m, int g) {
      LocalDate.of(n(m, g), n(m, g + 1), n(m, g + 2));
    }

    private static void time(Matcher m, int g) {
      LocalTime.of(n(m, g), n(m, g + 1), n(m, g + 2));
    }

    private static void offset(Matcher m, int g) {
      if (m.group(g) != null) {
        int sign = m.group(g - 1).startsWith("-") ? -1 : 1;
        ZoneOffset.ofHoursMinutes(sign * n(m, g), sign * n(m, g + 1));
      }
    }

    private static int n(Matcher m, int g) {
      return Integer.parseInt(m.group(g));
    }

    private static boolean valid(Runnable... checks) {
      List<Runnable> all = new ArrayList<>(List.of(checks));
      try {
        all.forEach(Runnable::run);
        return true;
      } catch (DateTimeException e) {
        return false;
      }
    }
  }
}

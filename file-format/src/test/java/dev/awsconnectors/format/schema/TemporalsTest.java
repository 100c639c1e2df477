package dev.awsconnectors.format.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemporalsTest {

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2021-01-01|2021-01-01T00:00:00Z",
      "2021-01-01T00:00:00Z|2021-01-01T00:00:00Z",
      "2021-01-01T00:00:00z|2021-01-01T00:00:00Z",
      "2021-01-01T10:20|2021-01-01T10:20:00Z",
      "2021-01-01T10:20:30.123456789Z|2021-01-01T10:20:30.123456Z",
      "2021-01-01T10:20:30.1+01:00|2021-01-01T09:20:30.1Z",
      "2021-01-01T10:20:30+0130|2021-01-01T08:50:30Z",
      "2021-01-01T10:20:30-07|2021-01-01T17:20:30Z",
      "2021-01-01T10:20:30+01:00:30|2021-01-01T09:20:00Z",
      "2021-01-01 10:20:30|2021-01-01T10:20:30Z",
      "2021-01-01 10:20:30 +02:00|2021-01-01T08:20:30Z",
      "'  2021-01-01T10:20:30Z  '|2021-01-01T10:20:30Z",
      "-0001-01-01T00:00:00Z|-0001-01-01T00:00:00Z",
      "0001-01-01 BC|0000-01-01T00:00:00Z",
      "0044-03-15 BC|-0043-03-15T00:00:00Z",
      "2021-01-01 AD|2021-01-01T00:00:00Z",
      "+10000-01-01T00:00:00Z|+10000-01-01T00:00:00Z",
  })
  void parsesInstantsLeniently(String text, String expected) {
    assertThat(Temporals.instantMicros(text)).isEqualTo(micros(Instant.parse(expected)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2021-13-01", "2021-02-30", "2021-01-01T25:00:00", "1e9", "2021/01/01",
      "2021-01-01T", "2021-01-01T00:00:00+25:00", "0000-01-01 BC", "12:00:00"})
  void rejectsWhatIsNotATimestamp(String text) {
    assertThat(Temporals.instantMicros(text)).isNull();
    assertThat(Temporals.localMicros(text)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2021-01-01T10:20:30.5+05:00|2021-01-01T10:20:30.5",
      "2021-01-01T10:20:30|2021-01-01T10:20:30",
      "2021-01-01|2021-01-01T00:00",
  })
  void localTimestampsKeepTheWallClockAndDropTheOffset(String text, String expected) {
    LocalDateTime local = LocalDateTime.parse(expected);
    assertThat(Temporals.localMicros(text)).isEqualTo(micros(local.toInstant(ZoneOffset.UTC)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2021-01-01|2021-01-01",
      "1969-12-31|1969-12-31",
      "2021-01-01T23:59:59+05:00|2021-01-01",
      "0044-03-15 BC|-0043-03-15",
  })
  void datesAreTheDateAsWritten(String text, String expected) {
    assertThat(Temporals.epochDay(text)).isEqualTo((int) LocalDate.parse(expected).toEpochDay());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "08:30|false|08:30",
      "08:30:15.123456789|false|08:30:15.123456",
      "17:00:00+02:00|true|15:00",
      "01:00:00-03:00|true|04:00",
      "23:30:00-01:00|true|00:30",
      "00:30:00+01:00|true|23:30",
      "17:00:00+02:00|false|17:00",
      "2021-01-01T10:00:00Z|true|10:00",
  })
  void timesAreMicrosSinceMidnight(String text, boolean toUtc, String expected) {
    assertThat(Temporals.timeMicros(text, toUtc)).isEqualTo(LocalTime.parse(expected).toNanoOfDay() / 1000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"noon", "25:00", "12:60", "2021-01-01"})
  void rejectsWhatIsNotATime(String text) {
    assertThat(Temporals.timeMicros(text, true)).isNull();
  }
}

package dev.awsconnectors.commons.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.ConnectorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.state.IncomingState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MessagePumpTest {
  private static final StreamDescriptor THINGS = new StreamDescriptor("things", null);
  private static final String RECORD = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{\"a\":%d},"
      + "\"emitted_at\":1}}\n";

  /** Stores records, or throws what {@code refuse} returns for a record (null: accepted). */
  private static final class Writer implements DestinationWriter {
    final List<AirbyteRecordMessage> records = new ArrayList<>();
    final List<IncomingState> states = new ArrayList<>();
    final List<String> dataBytes = new ArrayList<>();
    private final Function<AirbyteRecordMessage, ConnectorException> refuse;
    private final boolean asBytes;

    Writer(Function<AirbyteRecordMessage, ConnectorException> refuse) {
      this(refuse, false);
    }

    Writer(Function<AirbyteRecordMessage, ConnectorException> refuse, boolean asBytes) {
      this.refuse = refuse;
      this.asBytes = asBytes;
    }

    @Override
    public boolean readsDataAsBytes() {
      return asBytes;
    }

    @Override
    public void acceptRecord(IncomingRecord record) {
      dataBytes.add(new String(record.dataBytes(), StandardCharsets.UTF_8));
      acceptRecord(record.message());
    }

    @Override
    public void acceptRecord(AirbyteRecordMessage record) {
      ConnectorException e = refuse.apply(record);
      if (e != null) {
        throw e;
      }
      records.add(record);
    }

    @Override
    public void acceptState(IncomingState state) {
      states.add(state);
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
  }

  private static MessagePump.Counts pump(String stdin, Writer writer) throws Exception {
    return new MessagePump(Set.of(THINGS), new UnknownValueWarnings())
        .pump(new Utf8Lines(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), writer);
  }

  private static String records(int... values) {
    StringBuilder lines = new StringBuilder();
    for (int v : values) {
      lines.append(String.format(RECORD, v));
    }
    return lines.toString();
  }

  @Test
  void aRecordTheWriterRefusesIsNamedByItsLineWithTheSameFailureType() {
    IllegalStateException why = new IllegalStateException("parser detail");
    Writer writer = new Writer(r -> r.data().get("a").asInt() == 3
        ? new ConfigErrorException("A record of stream 'things' has no value in 'x'.", why, THINGS) : null);

    assertThatThrownBy(() -> pump(records(1, 2) + "\n" + records(3, 4), writer))
        .isExactlyInstanceOf(ConfigErrorException.class)
        .hasMessage("stdin line 4: A record of stream 'things' has no value in 'x'.")
        .hasCause(why)
        .satisfies(e -> assertThat(((ConnectorException) e).stream()).contains(THINGS));
    assertThat(writer.records).hasSize(2);
  }

  @Test
  void aTransientRefusalOfARecordStaysTransient() {
    Writer writer = new Writer(r -> new TransientErrorException("busy", null, THINGS));

    assertThatThrownBy(() -> pump(records(1), writer)).isExactlyInstanceOf(TransientErrorException.class)
        .hasMessage("stdin line 1: busy");
  }

  @Test
  void aFailureOfEarlierWorkSurfacedByARecordPassesUnchanged() {
    TransientErrorException sendFailed = new TransientErrorException("Kinesis did not accept records after 20 "
        + "attempts");
    Writer writer = new Writer(r -> r.data().get("a").asInt() == 2 ? sendFailed : null);

    assertThatThrownBy(() -> pump(records(1, 2), writer)).isSameAs(sendFailed);
  }

  @Test
  void linesBlankInUnicodesSenseAreSkippedAndRecordsWithTextParseFromTheirBytes() throws Exception {
    Writer writer = new Writer(r -> null);
    String unicode = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{\"a\":5,"
        + "\"b\":\"h\u00e9llo \u4e16\u754c \ud83d\ude00\"}}}\n";

    MessagePump.Counts counts = pump(records(1) + "\u3000\u2003\n \t\n" + unicode, writer);

    assertThat(counts.records()).isEqualTo(2);
    assertThat(writer.records.get(1).data().get("b").asText()).isEqualTo("h\u00e9llo \u4e16\u754c \ud83d\ude00");
  }

  @Test
  void aMalformedLineWithTextIsReportedAtTheColumnOfItsCharacters() {
    String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"th\u00e9\u4e16\",\"data\":{\"a\":1,}}}\n";

    assertThatThrownBy(() -> pump(records(1) + line, new Writer(r -> null)))
        .hasMessageStartingWith("stdin line 2 is not a valid Airbyte message (column " + (line.indexOf(",}") + 2)
            + ")");
  }

  @Test
  void recordsAndStatesReachTheWriterInOrderWithCounts() throws Exception {
    Writer writer = new Writer(r -> null);
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":"
        + "{\"name\":\"things\"},\"stream_state\":{\"c\":2}},\"id\":7}}\n";

    MessagePump.Counts counts = pump(records(1, 2) + state + "\n", writer);

    assertThat(counts).isEqualTo(new MessagePump.Counts(4, 2, 1));
    assertThat(writer.records).extracting(r -> r.data().get("a").asInt()).containsExactly(1, 2);
    assertThat(writer.states.get(0).raw().get("id").asInt()).isEqualTo(7);
  }

  @Test
  void aWriterOfBytesGetsEveryRecordWhateverItsShapeInOrderAndRefusalsNameTheLine() throws Exception {
    Writer writer = new Writer(r -> r.data().get("a").asInt() == 9
        ? new ConfigErrorException("A record of stream 'things' is refused.", null, THINGS) : null, true);
    String unusual = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"things\",\"data\":{ \"a\" : 3.50 },"
        + "\"future_member\":[1]}}\n";
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{}}}\n";

    MessagePump.Counts counts = pump(records(1) + state + unusual + records(2), writer);

    assertThat(counts).isEqualTo(new MessagePump.Counts(4, 3, 1));
    assertThat(writer.records).extracting(r -> r.data().get("a").asText()).containsExactly("1", "3.50", "2");
    assertThat(writer.dataBytes).containsExactly("{\"a\":1}", "{\"a\":3.50}", "{\"a\":2}");
    assertThat(writer.records.get(1).additionalProperties()).containsKey("future_member");
    assertThatThrownBy(() -> pump(records(1) + state + records(9), writer))
        .isExactlyInstanceOf(ConfigErrorException.class)
        .hasMessage("stdin line 3: A record of stream 'things' is refused.");
  }
}

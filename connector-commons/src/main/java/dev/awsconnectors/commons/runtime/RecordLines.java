package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.nio.charset.StandardCharsets;

/**
 * The RECORD lines of one stream whose data a connector serialized itself ({@link MessageOutput#record(RecordLines,
 * byte[], long)}): the line's fixed head up to {@code "data":}, serialized once by the protocol codec so that such a
 * line is byte for byte the line the codec writes for the same {@link AirbyteRecordMessage}. Immutable.
 */
public final class RecordLines {
  /** What the codec writes after a data value {@code 0} and {@code emitted_at} 0: the part that varies per record. */
  private static final String TAIL = "0,\"emitted_at\":0}}";

  private final StreamDescriptor stream;
  private final byte[] head;

  private RecordLines(StreamDescriptor stream, byte[] head) {
    this.stream = stream;
    this.head = head;
  }

  /** The lines of {@code stream}; its name and namespace are written as the codec escapes them. */
  public static RecordLines of(StreamDescriptor stream) {
    String line = ProtocolCodec.serialize(AirbyteMessage.of(new AirbyteRecordMessage(stream.namespace(),
        stream.name(), IntNode.valueOf(0), 0L)));
    if (!line.endsWith(TAIL)) {
      throw new IllegalStateException("A RECORD line no longer ends with its data and emitted_at: " + line);
    }
    return new RecordLines(stream, line.substring(0, line.length() - TAIL.length())
        .getBytes(StandardCharsets.UTF_8));
  }

  public StreamDescriptor stream() {
    return stream;
  }

  /** {@code {"type":"RECORD","record":{[namespace,]"stream":...,"data":} as UTF-8; not to be modified. */
  byte[] head() {
    return head;
  }
}

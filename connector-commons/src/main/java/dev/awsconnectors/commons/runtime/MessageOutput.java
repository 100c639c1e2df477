package dev.awsconnectors.commons.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awsconnectors.commons.protocol.AirbyteAnalyticsTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteEstimateTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteMessage;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.AirbyteStateMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage;
import dev.awsconnectors.commons.protocol.AirbyteStreamStatusTraceMessage.AirbyteStreamStatus;
import dev.awsconnectors.commons.protocol.AirbyteTraceMessage;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import java.time.Clock;

/** Where a connector writes protocol messages. Thread-safe: every message goes out whole, on its own line. */
public interface MessageOutput {

  void emit(AirbyteMessage message);

  /** Writes {@code {"type":"STATE","state":<state>}} with the state object exactly as given (a destination's echo). */
  void emitState(ObjectNode state);

  /** The clock used for {@code emitted_at}. */
  Clock clock();

  default void record(AirbyteRecordMessage record) {
    emit(AirbyteMessage.of(record));
  }

  default void state(AirbyteStateMessage state) {
    emit(AirbyteMessage.of(state));
  }

  default void streamStatus(StreamDescriptor stream, AirbyteStreamStatus status) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(),
        new AirbyteStreamStatusTraceMessage(stream, status))));
  }

  default void estimate(AirbyteEstimateTraceMessage estimate) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(), estimate)));
  }

  default void analytics(String type, String value) {
    emit(AirbyteMessage.of(AirbyteTraceMessage.of(clock().millis(),
        new AirbyteAnalyticsTraceMessage(type, value, null))));
  }
}

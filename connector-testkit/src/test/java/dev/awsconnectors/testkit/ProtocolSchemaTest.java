package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolSchemaTest {

  @Test
  void acceptsValidMessagesAndRejectsInvalidOnes() {
    assertThat(ProtocolSchema.messageProblems(Messages.json(
        "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"hi\"}}"))).isEmpty();
    assertThat(ProtocolSchema.messageProblems(Messages.json(
        "{\"type\":\"LOG\",\"log\":{\"level\":\"LOUD\",\"message\":\"hi\"}}"))).isNotEmpty();
    assertThat(ProtocolSchema.messageProblems(Messages.json(
        "{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\",\"error\":{\"message\":\"m\"}}}")))
        .as("emitted_at is required").isNotEmpty();
    assertThat(ProtocolSchema.messageProblems(Messages.json(
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{},\"emitted_at\":1.5}}")))
        .as("emitted_at of a record is an integer").isNotEmpty();
  }

  @Test
  void checksDraft07Schemas() {
    assertThat(ProtocolSchema.draft07Problems(Messages.json("{\"type\":\"object\"}"))).isEmpty();
    assertThat(ProtocolSchema.draft07Problems(Messages.json("{\"type\":\"thing\"}"))).isNotEmpty();
  }
}

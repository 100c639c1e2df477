package dev.awsconnectors.destination.kinesis.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyOrderGateTest {
  private final KeyOrderGate<String> gate = new KeyOrderGate<>();

  @Test
  void releasesTheFirstEntryOfEachKey() {
    assertThat(gate.admit("a", "a1")).isTrue();
    assertThat(gate.admit("b", "b1")).isTrue();
    assertThat(gate.busyKeys()).isEqualTo(2);
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void holdsLaterEntriesOfABusyKeyInArrivalOrder() {
    gate.admit("a", "a1");
    assertThat(gate.admit("a", "a2")).isFalse();
    assertThat(gate.admit("a", "a3")).isFalse();
    assertThat(gate.waiting()).isEqualTo(2);

    assertThat(gate.complete("a")).isEqualTo("a2");
    assertThat(gate.complete("a")).isEqualTo("a3");
    assertThat(gate.complete("a")).isNull();
    assertThat(gate.busyKeys()).isZero();
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void aFreedKeyReleasesTheNextArrivalImmediately() {
    gate.admit("a", "a1");
    gate.complete("a");
    assertThat(gate.admit("a", "a2")).isTrue();
  }

  @Test
  void keysAreIndependent() {
    gate.admit("a", "a1");
    gate.admit("a", "a2");
    assertThat(gate.admit("b", "b1")).isTrue();
    assertThat(gate.complete("b")).isNull();
    assertThat(gate.complete("a")).isEqualTo("a2");
  }

  @Test
  void completingAKeyThatWasNeverReleasedIsABug() {
    assertThatThrownBy(() -> gate.complete("x")).isInstanceOf(IllegalStateException.class);
  }
}

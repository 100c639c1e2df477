package dev.awsconnectors.destination.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.error.TransientErrorException;
import dev.awsconnectors.destination.kinesis.client.KinesisStreamClient.Status;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.Creation;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.StreamMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamProvisionerTest {
  private final AtomicLong now = new AtomicLong();
  private final List<Duration> sleeps = new ArrayList<>();

  private StreamProvisioner provisioner(FakeKinesis fake, boolean create, Duration timeout) {
    return new StreamProvisioner(fake, new Creation(create, StreamMode.PROVISIONED, 3, timeout), d -> {
      sleeps.add(d);
      now.addAndGet(d.toNanos());
    }, now::get);
  }

  @Test
  void createsAMissingStreamAndReturnsItsRecordLimit() throws Exception {
    FakeKinesis fake = new FakeKinesis().withMaxRecordSizeKiB(2048);
    assertThat(provisioner(fake, true, Duration.ofSeconds(5)).prepare("new")).isEqualTo(2048 * 1024);
    assertThat(fake.openShards("new")).hasSize(3);
  }

  @Test
  void usesAnActiveStreamAsItIs() throws Exception {
    FakeKinesis fake = new FakeKinesis().withStream("there", 1);
    assertThat(provisioner(fake, false, Duration.ofSeconds(5)).prepare("there")).isEqualTo(1024 * 1024);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void refusesAMissingStreamWhenCreationIsOff() {
    assertThatThrownBy(() -> provisioner(new FakeKinesis(), false, Duration.ofSeconds(5)).prepare("absent"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("'absent' does not exist");
  }

  @Test
  void waitsForActiveWithAGrowingPollAndGivesUpAfterTheTimeout() {
    FakeKinesis fake = new FakeKinesis().withStream("slow", 1).withStatus(Status.CREATING);
    assertThatThrownBy(() -> provisioner(fake, true, Duration.ofSeconds(10)).prepare("slow"))
        .isInstanceOf(TransientErrorException.class).hasMessageContaining("within 10 s")
        .hasMessageContaining("CREATING");
    assertThat(sleeps.get(0)).isEqualTo(Duration.ofMillis(50));
    assertThat(sleeps.get(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
    assertThat(Duration.ofNanos(now.get())).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
  }

  @Test
  void aStreamBeingDeletedIsAConfigError() {
    FakeKinesis fake = new FakeKinesis().withStream("going", 1).withStatus(Status.DELETING);
    assertThatThrownBy(() -> provisioner(fake, true, Duration.ofSeconds(10)).prepare("going"))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("being deleted");
  }
}

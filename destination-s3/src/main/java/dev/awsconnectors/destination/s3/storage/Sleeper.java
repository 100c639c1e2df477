package dev.awsconnectors.destination.s3.storage;

import java.time.Duration;

/** Waits between retries; tests substitute one that does not sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}

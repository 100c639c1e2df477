package dev.awsconnectors.destination.s3.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread does (an upload callback); fails after a generous deadline. */
public final class Await {
  private Await() {}

  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000); // poll without taking a core from the thread awaited
    }
  }
}

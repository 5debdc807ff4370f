package dev.followup.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Bounded waiting: every loop of the benchmark ends, with a reason if it takes too long. */
final class Await {

  private Await() {}

  /**
   * Checks {@code condition} every {@code interval} until it holds, and returns the instant it was
   * seen to hold.
   *
   * @throws IllegalStateException if it does not hold within {@code timeout}
   */
  static Instant until(
      String what, BooleanSupplier condition, Duration interval, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return Instant.now();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Gave up after " + timeout + " waiting for " + what);
      }
      sleep(interval);
    }
  }

  /** Sleeps until {@code instant}; returns at once if it has passed. */
  static void sleepUntil(Instant instant) {
    Duration left = Duration.between(Instant.now(), instant);
    if (!left.isNegative()) {
      sleep(left);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Seconds between two instants, with millisecond precision. */
  static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}

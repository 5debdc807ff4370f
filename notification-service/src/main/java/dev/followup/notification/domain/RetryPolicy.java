package dev.followup.notification.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How often and how soon a failed delivery is tried again: exponential back-off, doubling from
 * {@code initialDelay} up to {@code maxDelay}, and no more than {@code maxAttempts} attempts in
 * all. {@link #delayAfter(int, double)} spreads each wait by up to a fifth either way, so that
 * deliveries that failed together (a provider outage) do not all come back in the same second.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("Need 0 <= initialDelay <= maxDelay");
    }
  }

  /**
   * The wait before the next attempt once {@code attemptsMade} attempts have failed, or empty if
   * none is left.
   */
  public Optional<Duration> delayAfter(int attemptsMade) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    int doublings = Math.max(0, Math.min(attemptsMade - 1, 30));
    Duration delay = initialDelay.multipliedBy(1L << doublings);
    return Optional.of(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
  }

  /** The fraction of a wait that jitter may add or take away. */
  public static final double JITTER = 0.2;

  /**
   * The wait with jitter: {@code delayAfter(attemptsMade)} times a factor between 1 - {@link
   * #JITTER} and 1 + {@link #JITTER}.
   *
   * @param random a number in [0, 1), e.g. from {@code ThreadLocalRandom}
   */
  public Optional<Duration> delayAfter(int attemptsMade, double random) {
    return delayAfter(attemptsMade)
        .map(
            delay ->
                Duration.ofMillis(
                    Math.round(delay.toMillis() * (1 - JITTER + 2 * JITTER * random))));
  }
}

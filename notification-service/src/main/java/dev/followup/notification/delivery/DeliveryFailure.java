package dev.followup.notification.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * A delivery attempt that did not reach the candidate. Transient failures (timeouts, 5xx, 429) are
 * tried again later on the same channel; permanent ones (a 4xx, an opted-out number, no push
 * subscription, no address) give up this channel and fall back to the candidate's next one.
 */
public class DeliveryFailure extends RuntimeException {

  private final boolean permanent;
  private final transient Duration retryAfter;

  private DeliveryFailure(String message, Throwable cause, boolean permanent, Duration retryAfter) {
    super(message, cause);
    this.permanent = permanent;
    this.retryAfter = retryAfter;
  }

  public static DeliveryFailure permanent(String message) {
    return new DeliveryFailure(message, null, true, null);
  }

  public static DeliveryFailure temporary(String message, Duration retryAfter, Throwable cause) {
    return new DeliveryFailure(message, cause, false, retryAfter);
  }

  public boolean isPermanent() {
    return permanent;
  }

  /** The wait the provider asked for (HTTP Retry-After), if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

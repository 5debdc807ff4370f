package dev.followup.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a claimed delivery is this instance's to send. Once the lease has run out another
 * instance may claim the delivery and send it: a send of this instance still under way then makes
 * two. So a send starts only while enough of the lease is left for it to end within it.
 *
 * @param end when the claim lapses
 */
public record Lease(Instant end) {

  public Lease {
    Objects.requireNonNull(end, "end");
  }

  /** What to do with a claimed delivery that is about to be sent. */
  public enum BeforeSend {
    /** Enough of the lease is left: send. */
    SEND,
    /**
     * Too little is left for a send that may take {@code budget}: hand the delivery back, due again
     * at once, before another instance may take it.
     */
    RELEASE,
    /** The lease has run out: another instance may hold the delivery by now; leave it alone. */
    LEAVE
  }

  /**
   * @param now the moment the send would start
   * @param budget the longest a send may take (the provider's timeouts)
   */
  public BeforeSend beforeSend(Instant now, Duration budget) {
    if (!now.isBefore(end)) {
      return BeforeSend.LEAVE;
    }
    return now.plus(budget).isAfter(end) ? BeforeSend.RELEASE : BeforeSend.SEND;
  }
}

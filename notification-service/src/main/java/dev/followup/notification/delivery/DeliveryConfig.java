package dev.followup.notification.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How the dispatcher claims, sends and retries deliveries. */
@ConfigMapping(prefix = "delivery")
public interface DeliveryConfig {

  Dispatch dispatch();

  /** Most deliveries claimed in one round. */
  @WithDefault("100")
  int batchSize();

  /**
   * Claimed deliveries a channel holds per sending thread, sending or waiting for the thread; a
   * claim is made once half of that room is free. Each claim is a transaction whose cost hardly
   * depends on how many it takes, so the more room, the fewer claims per delivery; the waiting ones
   * are under the lease like any claimed delivery, so the room must be sent well within it.
   */
  @WithDefault("24")
  int claimedPerThread();

  /**
   * Most sent deliveries recorded in one transaction (with their {@code NotificationSent} events);
   * a batch holds what completed while the previous one committed, and during {@link
   * #recordLinger}.
   */
  @WithDefault("500")
  int recordBatchSize();

  /**
   * How long the recorder waits, after a send completed, for others to record in the same
   * transaction. A transaction of its own for every one or two sends cost more than the sends'
   * recording itself (the begin and the commit, PostgreSQL's commit); the wait is added to the time
   * a sent message is not yet recorded, the window in which a crash has it sent twice.
   */
  @WithDefault("10ms")
  Duration recordLinger();

  /**
   * How long a dispatcher holds the deliveries it claimed. If it dies before recording the outcome,
   * they are claimed again after this long. It must exceed the time one batch can take to send.
   */
  @WithDefault("2m")
  Duration lease();

  /**
   * The longest a send may take with the providers' timeouts: a claimed delivery starts its send
   * only with at least this much of its lease left, and is handed back otherwise (it waited in its
   * channel's queue too long). A send still under way when the lease runs out could meet another
   * instance's send of the same delivery.
   */
  @WithDefault("60s")
  Duration sendBudget();

  /**
   * On shutdown, how long sends already under way get to finish and be recorded; within {@code
   * quarkus.shutdown.timeout}. Claimed deliveries not started yet are released at once.
   */
  @WithDefault("20s")
  Duration shutdownGrace();

  /** Attempts in all, the first included, before a delivery is given up as failed. */
  @WithDefault("5")
  int maxAttempts();

  Backoff backoff();

  /**
   * Most deliveries sent at the same time per channel ({@code email}, {@code sms}, {@code push}),
   * each channel on its own threads; 4 for a channel not named.
   */
  Map<String, Integer> concurrency();

  /** Where the candidate opens a step in the product; push links point to {@code /steps/<id>}. */
  @WithDefault("http://localhost:8080")
  String appUrl();

  /**
   * This service's base URL as candidates' mail clients reach it: one-click unsubscribe links point
   * to {@code <public-url>/unsubscribe/email}.
   */
  @WithDefault("http://localhost:8083")
  String publicUrl();

  Unsubscribe unsubscribe();

  /** Right-hand side of the Message-ID derived from the delivery id. */
  @WithDefault("notification.followup.dev")
  String messageIdDomain();

  /** One-click unsubscribe links (RFC 8058) in every reminder email. */
  interface Unsubscribe {
    /**
     * Key of the links' HMAC-SHA256 signatures, at least 32 characters; without it, emails carry no
     * unsubscribe link. Changing it invalidates the links already sent.
     */
    Optional<String> secret();

    /** How long a link stays valid after the email it came in. */
    @WithDefault("P400D")
    Duration maxAge();

    /**
     * An address that also takes unsubscribe requests, offered as {@code mailto:} too; optional.
     */
    Optional<String> mailto();
  }

  /** Polling of due deliveries. */
  interface Dispatch {
    /**
     * Pause between two polls (read by the scheduler, listed here for validation). Quarkus' simple
     * scheduler checks its triggers once a second, so shorter values act as one second.
     */
    @WithDefault("1s")
    String interval();
  }

  /** Waits between failed attempts: doubling from {@code initial} up to {@code max}. */
  interface Backoff {
    @WithDefault("30s")
    Duration initial();

    @WithDefault("1h")
    Duration max();
  }
}

package dev.followup.notification.delivery;

import dev.followup.notification.domain.RetryPolicy;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends pending deliveries when they fall due, on the scheduler's worker thread and never on the
 * Kafka consumer's.
 *
 * <p>Each round claims a batch of due deliveries with a lease ({@code FOR UPDATE SKIP LOCKED}, so
 * several instances share the work and a crashed one's claims come back), sends each outside any
 * transaction, and records the outcome in a new transaction: sent, due again after an exponential
 * back-off, or failed once the attempts are used up.
 *
 * <p>The honest limit: SMTP has no idempotency key. If the process dies after the SMTP server
 * accepted a message but before it is recorded as sent, the delivery is claimed again when the
 * lease ends and the candidate gets the message twice. Delivery is at least once at that one point;
 * everywhere else it is exactly once. The Message-ID is derived from the delivery id, the same on
 * every attempt, so a duplicate is recognisable (and mail clients that thread or deduplicate by
 * Message-ID fold it away).
 */
@ApplicationScoped
public class DeliveryDispatcher {

  private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

  private final Deliveries deliveries;
  private final EmailSender email;
  private final DeliveryConfig config;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private volatile boolean stopping;

  DeliveryDispatcher(Deliveries deliveries, EmailSender email, DeliveryConfig config, Clock clock) {
    this.deliveries = deliveries;
    this.email = email;
    this.config = config;
    this.retryPolicy =
        new RetryPolicy(config.maxAttempts(), config.backoff().initial(), config.backoff().max());
    this.clock = clock;
  }

  @Scheduled(
      every = "${delivery.dispatch.interval:1s}",
      // The first run waits for the application to finish starting.
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void dispatchDue() {
    if (stopping) {
      return;
    }
    int claimed;
    do {
      claimed = dispatchOneBatch();
    } while (claimed == config.batchSize());
  }

  /** Stops claiming as soon as shutdown begins; a batch in progress finishes. */
  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /** Claims and sends one batch; returns how many deliveries it claimed. */
  int dispatchOneBatch() {
    Instant now = clock.instant();
    Instant leaseEnd = now.plus(config.lease());
    List<Delivery> batch =
        QuarkusTransaction.requiringNew()
            .call(() -> deliveries.claimDue(now, leaseEnd, config.batchSize()));
    for (Delivery delivery : batch) {
      if (!clock.instant().isBefore(leaseEnd)) {
        // Another instance may hold these by now; they fall due again as they are.
        LOG.warnf("Lease ended before a batch was sent; %s and later deliveries wait", delivery.id);
        break;
      }
      dispatch(delivery);
    }
    return batch.size();
  }

  private void dispatch(Delivery delivery) {
    try {
      email.send(delivery);
    } catch (RuntimeException e) {
      recordFailure(delivery, e);
      return;
    }
    QuarkusTransaction.requiringNew().run(() -> deliveries.markSent(delivery.id, clock.instant()));
  }

  private void recordFailure(Delivery delivery, RuntimeException e) {
    String error = e.getClass().getSimpleName() + ": " + e.getMessage();
    Optional<Duration> wait = retryPolicy.delayAfter(delivery.attempts);
    if (wait.isPresent()) {
      Instant next = clock.instant().plus(wait.get());
      LOG.warnf(
          "Delivery %s failed (attempt %d), retrying at %s: %s",
          delivery.id, delivery.attempts, next, error);
      QuarkusTransaction.requiringNew().run(() -> deliveries.retryAt(delivery.id, next, error));
    } else {
      LOG.errorf(
          "Delivery %s failed for good after %d attempts: %s",
          delivery.id, delivery.attempts, error);
      QuarkusTransaction.requiringNew().run(() -> deliveries.markFailed(delivery.id, error));
    }
  }
}

package dev.followup.schedule.application;

import dev.followup.schedule.persistence.PlanEventOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes plan events from the outbox once they have been published for longer than {@code
 * plan-events.retention}: every planned step writes a few of them, so without this the table grows
 * for ever. The retention leaves time to look at what was sent recently; Kafka keeps the events
 * themselves. Deletes in batches, one short transaction each, so that it never holds many row locks
 * or one long transaction.
 */
@ApplicationScoped
public class PlanEventCleanup {

  private static final Logger LOG = Logger.getLogger(PlanEventCleanup.class);

  private final PlanEventOutbox outbox;
  private final Clock clock;
  private final Duration retention;
  private final int batchSize;
  private final ShutdownGate rounds = new ShutdownGate();

  PlanEventCleanup(
      PlanEventOutbox outbox,
      Clock clock,
      @ConfigProperty(name = "plan-events.retention", defaultValue = "24h") Duration retention,
      @ConfigProperty(name = "plan-events.cleanup-batch-size", defaultValue = "1000")
          int batchSize) {
    this.outbox = outbox;
    this.clock = clock;
    this.retention = retention;
    this.batchSize = batchSize;
  }

  @Scheduled(
      every = "${plan-events.cleanup-interval:10m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onSchedule() {
    try {
      deletePublished();
    } catch (RuntimeException e) {
      LOG.warnf("Deleting published plan events failed, will retry: %s", e.getMessage());
    }
  }

  /** Stops between two batches when shutdown begins. */
  void onShutdown(@Observes ShutdownEvent event) {
    rounds.closeAndAwait(Duration.ofSeconds(5));
  }

  /**
   * Deletes every event published longer than the retention ago, a batch per transaction, and
   * returns how many it deleted.
   */
  public long deletePublished() {
    Instant cutoff = clock.instant().minus(retention);
    long deleted = 0;
    int batch;
    do {
      if (!rounds.enter()) {
        break;
      }
      try {
        batch =
            QuarkusTransaction.requiringNew()
                .call(() -> outbox.deletePublishedBefore(cutoff, batchSize));
      } finally {
        rounds.leave();
      }
      deleted += batch;
    } while (batch == batchSize);
    if (deleted > 0) {
      LOG.debugf("Deleted %d plan event(s) published before %s", deleted, cutoff);
    }
    return deleted;
  }
}

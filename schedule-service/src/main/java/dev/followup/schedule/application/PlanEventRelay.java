package dev.followup.schedule.application;

import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.PlanEventOutbox;
import dev.followup.schedule.publishing.CloudEventPublisher;
import dev.followup.schedule.publishing.OutgoingEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Publishes plan-change events from the outbox after their transaction committed: lock a batch,
 * send it, wait for the broker, delete it, in one transaction. A crash between sending and deleting
 * re-sends the same events (same CloudEvent ids).
 */
@ApplicationScoped
public class PlanEventRelay {

  private static final Logger LOG = Logger.getLogger(PlanEventRelay.class);

  /** Outbox rows per transaction: a row holds one plan's events, about seven. */
  private static final int BATCH_ROWS = 200;

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

  private final PlanEventOutbox outbox;
  private final CloudEventPublisher publisher;
  private final ScheduleMetrics metrics;
  private final Clock clock;
  private final ShutdownGate rounds = new ShutdownGate();

  PlanEventRelay(
      PlanEventOutbox outbox, CloudEventPublisher publisher, ScheduleMetrics metrics, Clock clock) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Refreshes the backlog gauge: one count of the outbox every few seconds, whatever the number of
   * scrapes.
   */
  @Scheduled(
      every = "${plan-events.backlog-refresh:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshBacklog() {
    if (!rounds.isClosed()) {
      metrics.outboxPending(QuarkusTransaction.requiringNew().call(outbox::countUnpublished));
    }
  }

  @Scheduled(
      every = "${plan-events.relay-interval:1s}",
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relay() {
    while (relayOneBatch()) {
      // Another batch may be waiting.
    }
  }

  /**
   * Stops claiming as soon as shutdown begins, before the messaging channels close, and lets the
   * batch in progress be sent and deleted.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    Duration grace = SEND_TIMEOUT.plusSeconds(5);
    if (!rounds.closeAndAwait(grace)) {
      LOG.warnf("A batch still in progress after %s is sent again once its lease ends", grace);
    }
  }

  /**
   * Relays one batch; true if it was full, so that more may be waiting. Nothing once shutdown
   * began.
   */
  boolean relayOneBatch() {
    if (!rounds.enter()) {
      return false;
    }
    try {
      return relayBatch();
    } finally {
      rounds.leave();
    }
  }

  /**
   * One transaction: lock the oldest unpublished events (rows another relay holds are skipped),
   * send them, wait for the broker, delete them, commit. Each row is written once and deleted once;
   * a relay that dies mid-way releases its rows with its connection, and another sends them again
   * (same CloudEvent ids). The transaction stays open while the broker answers, at most {@link
   * #SEND_TIMEOUT}.
   */
  private boolean relayBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              PlanEventOutbox.Locked batch = outbox.lockUnpublished(clock.instant(), BATCH_ROWS);
              if (batch.events().isEmpty()) {
                return false;
              }
              List<OutgoingEvent> events =
                  batch.events().stream()
                      .map(
                          e ->
                              new OutgoingEvent(
                                  e.id().toString(),
                                  e.type(),
                                  e.subject(),
                                  e.recordKey(),
                                  e.payload(),
                                  e.traceParent()))
                      .toList();
              try {
                publisher.publishAndAwait(
                    CloudEventPublisher.Stream.PLAN_EVENTS, events, SEND_TIMEOUT);
              } catch (RuntimeException e) {
                LOG.warnf(
                    "Relaying %d plan event(s) failed, will retry: %s",
                    events.size(), e.getMessage());
                QuarkusTransaction.setRollbackOnly();
                return false;
              }
              outbox.deletePublished(batch);
              return batch.full();
            });
  }
}

package dev.followup.notification.outbox;

import dev.followup.notification.metrics.NotificationMetrics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox's notification events to Kafka once the transactions that wrote them have
 * committed, in the order they were written.
 *
 * <p>A round is one transaction: lock the oldest unpublished rows ({@code FOR UPDATE SKIP LOCKED},
 * so that instances share the work), send them, wait for the broker's acknowledgements, delete
 * them, commit. Kafka keeps the events; a row kept once published would stay for ever. Each row is
 * written once and deleted once, with no claim written in between. A relay that dies mid-way
 * releases its rows with its connection, and they are sent again, with the same CloudEvent ids: at
 * least once, and consumers deduplicate by id. (An outcome is recorded once: the delivery's change
 * of state that writes its event happens once.) The transaction stays open while the broker
 * answers, at most {@code outbox.relay.send-timeout}.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final EntityManager entityManager;
  private final OutboxPublisher publisher;
  private final Clock clock;
  private final int batchSize;
  private final Duration sendTimeout;
  private final NotificationMetrics metrics;
  private volatile boolean stopping;

  OutboxRelay(
      EntityManager entityManager,
      OutboxPublisher publisher,
      Clock clock,
      @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "200") int batchSize,
      @ConfigProperty(name = "outbox.relay.send-timeout", defaultValue = "15s")
          Duration sendTimeout,
      NotificationMetrics metrics) {
    this.metrics = metrics;
    this.entityManager = entityManager;
    this.publisher = publisher;
    this.clock = clock;
    this.batchSize = batchSize;
    this.sendTimeout = sendTimeout;
  }

  @Scheduled(
      every = "${outbox.relay.interval:1s}",
      // The scheduler may start before the messaging channels are wired; a producer asked for
      // earlier is not there yet.
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relayPending() {
    int sent;
    do {
      sent = stopping ? 0 : relayOneBatch();
    } while (sent == batchSize);
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /**
   * Refreshes the {@code followup.outbox.pending} gauge: a count on the partial index of
   * unpublished rows, every few seconds rather than on every scrape.
   */
  @Scheduled(
      every = "${outbox.pending-refresh:5s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void countPending() {
    long pending =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    ((Number)
                            entityManager
                                .createNativeQuery(
                                    "select count(*) from outbox_event where published_at is null")
                                .getSingleResult())
                        .longValue());
    metrics.outboxPending(pending);
  }

  /** Relays one batch; returns how many events it published. */
  int relayOneBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<OutboxEvent> batch = lockUnpublished(clock.instant());
              if (batch.isEmpty()) {
                return 0;
              }
              try {
                publisher.publishAndAwait(batch, sendTimeout);
              } catch (RuntimeException e) {
                LOG.warnf(
                    "Relaying %d notification events failed, retrying: %s",
                    batch.size(), e.getMessage());
                QuarkusTransaction.setRollbackOnly();
                return 0;
              }
              batch.forEach(event -> metrics.published(event.type));
              delete(batch);
              return batch.size();
            });
  }

  /**
   * The oldest unpublished rows no other relay holds, locked until the transaction ends. Rows
   * claimed by an earlier version of the relay ({@code claimed_until}, during a rolling upgrade)
   * are left to it until its lease ends.
   *
   * <p>Read with plain JDBC into detached rows: as managed entities, each would be hydrated and
   * then checked for changes at commit, for nothing.
   */
  private List<OutboxEvent> lockUnpublished(Instant now) {
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              List<OutboxEvent> locked = new ArrayList<>(batchSize);
              try (PreparedStatement select =
                  connection.prepareStatement(
                      """
                      select sequence, id, topic, record_key, type, subject, payload, created_at,
                             trace_parent
                      from outbox_event
                      where published_at is null and (claimed_until is null or claimed_until < ?)
                      order by sequence
                      limit ?
                      for update skip locked
                      """)) {
                select.setObject(1, now.atOffset(ZoneOffset.UTC));
                select.setInt(2, batchSize);
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    OutboxEvent event = new OutboxEvent();
                    event.sequence = rows.getLong(1);
                    event.id = rows.getString(2);
                    event.topic = rows.getString(3);
                    event.recordKey = rows.getString(4);
                    event.type = rows.getString(5);
                    event.subject = rows.getString(6);
                    event.payload = rows.getString(7);
                    event.createdAt = rows.getObject(8, OffsetDateTime.class).toInstant();
                    event.traceParent = rows.getString(9);
                    locked.add(event);
                  }
                }
              }
              return locked;
            });
  }

  /** Deletes the published rows; an array, not an "in" list: one statement whatever the size. */
  private void delete(List<OutboxEvent> batch) {
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement delete =
                  connection.prepareStatement("delete from outbox_event where sequence = any(?)")) {
                delete.setArray(
                    1,
                    connection.createArrayOf(
                        "int8", batch.stream().map(e -> e.sequence).toArray()));
                delete.executeUpdate();
              }
            });
  }
}

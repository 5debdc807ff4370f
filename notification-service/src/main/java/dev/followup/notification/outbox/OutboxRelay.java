package dev.followup.notification.outbox;

import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.tracing.TraceParents;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox's notification events to Kafka once the transactions that wrote them have
 * committed, in the order they were written.
 *
 * <p>A round claims a batch with a lease ({@code FOR UPDATE SKIP LOCKED}, so instances share the
 * work), sends it outside any transaction (no JTA context reaches the producer's threads), waits
 * for the broker's acknowledgements, then deletes the batch: Kafka keeps the events, and a row kept
 * once published would stay for ever. A crash in between sends the same events again after the
 * lease, with the same CloudEvent ids: at least once, and consumers deduplicate by id. (An outcome
 * is recorded once: the delivery's change of state that writes its event happens once.)
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final URI SOURCE = URI.create("urn:followup:notification-service");

  private final EntityManager entityManager;
  private final MutinyEmitter<String> emitter;
  private final Clock clock;
  private final int batchSize;
  private final Duration lease;
  private final NotificationMetrics metrics;
  private volatile boolean stopping;

  OutboxRelay(
      EntityManager entityManager,
      @Channel("notification-events") MutinyEmitter<String> emitter,
      Clock clock,
      @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "200") int batchSize,
      @ConfigProperty(name = "outbox.relay.lease", defaultValue = "30s") Duration lease,
      NotificationMetrics metrics) {
    this.metrics = metrics;
    this.entityManager = entityManager;
    this.emitter = emitter;
    this.clock = clock;
    this.batchSize = batchSize;
    this.lease = lease;
  }

  @Scheduled(
      every = "${outbox.relay.interval:1s}",
      // The scheduler may start before the messaging channels are wired; an emitter used earlier
      // fails the round.
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
      // This bean's emitter must not be created before the messaging channels are wired.
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
    List<OutboxEvent> batch = QuarkusTransaction.requiringNew().call(this::claim);
    if (batch.isEmpty()) {
      return 0;
    }
    try {
      Uni.join()
          .all(batch.stream().map(this::send).toList())
          .andFailFast()
          .await()
          .atMost(lease.dividedBy(2));
    } catch (RuntimeException e) {
      LOG.warnf(
          "Relaying %d notification events failed, retrying: %s", batch.size(), e.getMessage());
      return 0;
    }
    batch.forEach(event -> metrics.published(event.type));
    // An array, not an "in" list: one statement whatever the size of the batch.
    Long[] sequences = batch.stream().map(e -> e.sequence).toArray(Long[]::new);
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery("delete from outbox_event where sequence = any(:sequences)")
                    .setParameter("sequences", sequences)
                    .executeUpdate());
    return batch.size();
  }

  @SuppressWarnings("unchecked")
  private List<OutboxEvent> claim() {
    Instant now = clock.instant();
    List<OutboxEvent> claimed =
        entityManager
            .createNativeQuery(
                """
                update outbox_event set claimed_until = :leaseEnd
                where sequence in (
                    select sequence from outbox_event
                    where published_at is null and (claimed_until is null or claimed_until < :now)
                    order by sequence
                    limit :limit
                    for update skip locked)
                returning *
                """,
                OutboxEvent.class)
            .setParameter("leaseEnd", Timestamp.from(now.plus(lease)))
            .setParameter("now", Timestamp.from(now))
            .setParameter("limit", batchSize)
            .getResultList();
    return claimed.stream().sorted(Comparator.comparing((OutboxEvent e) -> e.sequence)).toList();
  }

  /**
   * Sends one event in the trace it was written in: the producer span and the record's {@code
   * traceparent} header continue that of the follow-ups-due record the delivery came from.
   */
  private Uni<Void> send(OutboxEvent event) {
    Context trace = TraceParents.context(event.traceParent);
    try (Scope scope = trace.makeCurrent()) {
      return emitter.sendMessage(message(event).addMetadata(TracingMetadata.withCurrent(trace)));
    }
  }

  private Message<String> message(OutboxEvent event) {
    OutgoingCloudEventMetadata<String> cloudEvent =
        OutgoingCloudEventMetadata.<String>builder()
            .withId(event.id)
            .withType(event.type)
            .withSource(SOURCE)
            .withSubject(event.subject)
            .withTimestamp(event.createdAt.atZone(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .build();
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(event.topic)
            .withKey(event.recordKey)
            .build();
    return Message.of(event.payload).addMetadata(cloudEvent).addMetadata(record);
  }
}

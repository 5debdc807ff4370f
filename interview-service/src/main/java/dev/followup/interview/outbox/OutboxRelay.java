package dev.followup.interview.outbox;

import dev.followup.interview.metrics.InterviewMetrics;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka after their transaction has committed.
 *
 * <p>Each round claims a batch of unpublished events with a lease ({@code FOR UPDATE SKIP LOCKED},
 * so several instances share the work), sends them in order outside any transaction, waits for the
 * broker's acknowledgement, and only then marks them published. A crash between sending and marking
 * re-sends the same events (same CloudEvent id) after the lease: delivery is at least once, and
 * consumers deduplicate by id.
 *
 * <p>Each record continues the trace of the request that wrote its event (the row's traceparent).
 * On shutdown the relay claims no new batch, and shutdown waits for the batch in flight to be
 * acknowledged and marked, so that a deployment does not leave events to be sent twice.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  private final EntityManager entityManager;
  private final MutinyEmitter<String> emitter;
  private final OutboxRelayConfig config;
  private final InterviewMetrics metrics;
  private final Clock clock;

  /** Held while a round runs, so that shutdown can wait for it. */
  private final ReentrantLock round = new ReentrantLock();

  private volatile boolean stopping;

  OutboxRelay(
      EntityManager entityManager,
      @Channel("interview-events") MutinyEmitter<String> emitter,
      OutboxRelayConfig config,
      InterviewMetrics metrics,
      Clock clock) {
    this.entityManager = entityManager;
    this.emitter = emitter;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Scheduled(
      every = "${outbox.relay.interval:1s}",
      // The first run waits for the messaging channels to be wired at start-up.
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void relayPending() {
    if (!round.tryLock()) {
      return;
    }
    try {
      while (!stopping && relayOneBatch() == config.batchSize()) {
        // A full batch: more may be waiting.
      }
    } finally {
      round.unlock();
    }
  }

  /**
   * Stops claiming as soon as shutdown begins, and lets the batch in flight finish (acknowledged
   * and marked published) while the broker connection and the database are still open.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
    try {
      if (round.tryLock(config.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        round.unlock();
      } else {
        LOG.warn("Shutting down with an outbox batch still in flight; it is sent again later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Counts the events waiting to be published, for the {@code followup.outbox.pending} gauge: one
   * count on the index of unpublished rows every few seconds, whatever the scrape rate.
   */
  @Scheduled(
      every = "${outbox.relay.pending-refresh:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void measurePending() {
    if (stopping) {
      return;
    }
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

  /** Relays one batch and returns how many events it published. */
  int relayOneBatch() {
    List<OutboxEvent> batch = QuarkusTransaction.requiringNew().call(this::claimBatch);
    if (batch.isEmpty()) {
      return 0;
    }
    // Sent outside any transaction: a JTA context must not leak into the producer's threads.
    List<Uni<Void>> acknowledgements =
        batch.stream().map(event -> Uni.createFrom().completionStage(send(event))).toList();
    try {
      Uni.join().all(acknowledgements).andFailFast().await().atMost(config.sendTimeout());
    } catch (RuntimeException e) {
      // Left claimed: the lease expires and the batch is sent again.
      LOG.warnf("Relaying %d outbox events failed, will retry: %s", batch.size(), e.getMessage());
      return 0;
    }
    List<Long> sequences = batch.stream().map(event -> event.sequence).toList();
    QuarkusTransaction.requiringNew().run(() -> markPublished(sequences));
    return batch.size();
  }

  @SuppressWarnings("unchecked")
  private List<OutboxEvent> claimBatch() {
    Instant now = clock.instant();
    return entityManager
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
        .setParameter("leaseEnd", Timestamp.from(now.plus(config.lease())))
        .setParameter("now", Timestamp.from(now))
        .setParameter("limit", config.batchSize())
        .getResultList()
        .stream()
        .map(OutboxEvent.class::cast)
        .sorted(java.util.Comparator.comparing((OutboxEvent event) -> event.sequence))
        .toList();
  }

  /**
   * Sends one event within the trace of the request that wrote it: that context is current while
   * the record is handed to the connector, and travels with it as its tracing metadata, so the
   * producer span and the record's {@code traceparent} header continue that trace.
   */
  private CompletionStage<Void> send(OutboxEvent event) {
    OutgoingCloudEventMetadata<String> cloudEvent =
        OutgoingCloudEventMetadata.<String>builder()
            .withId(event.id.toString())
            .withType(event.type)
            .withSubject(event.subject)
            .withTimestamp(event.createdAt.atZone(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withSource(URI.create("urn:followup:interview-service"))
            .build();
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(event.topic)
            .withKey(event.recordKey)
            .build();
    Context trace = TraceParent.restore(event.traceParent);
    try (Scope ignored = trace.makeCurrent()) {
      return emitter
          .sendMessage(
              Message.of(event.payload)
                  .addMetadata(cloudEvent)
                  .addMetadata(record)
                  .addMetadata(TracingMetadata.withCurrent(trace)))
          .invoke(() -> metrics.eventPublished(event.type))
          // Subscribed here, while the event's trace is current.
          .subscribeAsCompletionStage();
    }
  }

  /**
   * Marks the events published; those of an erased candidate are deleted instead. A row marked for
   * discarding while this round was sending it is deleted too: the statement waits for the
   * erasure's lock and then sees the mark.
   */
  private void markPublished(List<Long> sequences) {
    entityManager
        .createNativeQuery(
            "delete from outbox_event where sequence in (:sequences) and discard_when_published")
        .setParameter("sequences", sequences)
        .executeUpdate();
    entityManager
        .createNativeQuery(
            "update outbox_event set published_at = :now, claimed_until = null"
                + " where sequence in (:sequences)")
        .setParameter("now", Timestamp.from(clock.instant()))
        .setParameter("sequences", sequences)
        .executeUpdate();
  }
}

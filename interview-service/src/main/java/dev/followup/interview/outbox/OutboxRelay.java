package dev.followup.interview.outbox;

import dev.followup.events.CloudEventWriter;
import dev.followup.events.OutboxRows;
import dev.followup.events.RelayRounds;
import dev.followup.interview.metrics.InterviewMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka after their transaction has committed.
 *
 * <p>A round is one transaction: lock the oldest unpublished events ({@code FOR UPDATE SKIP
 * LOCKED}, so that several instances share the work), send them in order, wait for the broker's
 * acknowledgements, delete them, commit. Kafka keeps the events; a row kept once published would
 * stay for ever, with the candidate's data in it. A relay that dies mid-way releases its rows with
 * its connection, and they are sent again with the same CloudEvent ids: at least once, and
 * consumers deduplicate by id. The transaction stays open while the broker answers, at most {@code
 * outbox.relay.send-timeout}. Erasure waits for a round that holds the candidate's rows, and finds
 * none of them left once it ends.
 *
 * <p>Each record continues the trace of the request that wrote its event (the row's traceparent).
 * The records go straight to the producer the messaging connector created for the {@code
 * interview-events} channel (from its configuration: acks, idempotence, serialisers); the emitter
 * is injected only so that the connector wires the channel, for the reason told in {@link
 * CloudEventWriter}. On shutdown the relay claims no new batch, and shutdown waits for the batch in
 * flight, so that a deployment does not leave events to be sent twice.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  private static final String CHANNEL = "interview-events";

  private final EntityManager entityManager;
  private final OutboxRows outbox;
  private final OutboxRelayConfig config;
  private final InterviewMetrics metrics;
  private final Clock clock;

  private final RelayRounds rounds = new RelayRounds();

  OutboxRelay(
      EntityManager entityManager,
      @Channel(CHANNEL) MutinyEmitter<String> channel,
      KafkaClientService kafka,
      OpenTelemetry openTelemetry,
      OutboxRelayConfig config,
      InterviewMetrics metrics,
      Clock clock) {
    this.entityManager = entityManager;
    CloudEventWriter writer =
        new CloudEventWriter(
            "urn:followup:interview-service",
            openTelemetry,
            "dev.followup.interview.outbox",
            () -> kafka.<String, String>getProducer(CHANNEL).unwrap());
    this.outbox =
        new OutboxRows(
            writer,
            TraceParent::restore,
            config.batchSize(),
            config.sendTimeout(),
            sent -> metrics.eventPublished(sent.type()));
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
    rounds.run(this::relayOneBatch, config.batchSize());
  }

  /**
   * Stops claiming as soon as shutdown begins, and lets the batch in flight finish (acknowledged
   * and deleted) while the broker connection and the database are still open.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    if (!rounds.stop(config.sendTimeout().plusSeconds(5))) {
      LOG.warn("Shutting down with an outbox batch still in flight; it is sent again later");
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
    if (rounds.stopping()) {
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
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              try {
                return entityManager
                    .unwrap(Session.class)
                    .doReturningWork(connection -> outbox.relayOne(connection, clock.instant()));
              } catch (RuntimeException e) {
                LOG.warnf("Relaying %s failed, will retry: %s", "outbox events", e.getMessage());
                QuarkusTransaction.setRollbackOnly();
                return 0;
              }
            });
  }
}

package dev.followup.notification.outbox;

import dev.followup.events.CloudEventWriter;
import dev.followup.events.OutboxRows;
import dev.followup.events.RelayRounds;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.tracing.TraceParents;
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
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
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
 *
 * <p>The records go straight to the producer the messaging connector created for the {@code
 * notification-events} channel (from its {@code mp.messaging.outgoing.notification-events.*}
 * configuration: acks, idempotence, serialisers, batch size; watched by the health checks); the
 * emitter is injected only so that the connector wires the channel, for the reason told in {@link
 * CloudEventWriter}. Each record continues the trace of the delivery it announces.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
  static final String CHANNEL = "notification-events";

  private final EntityManager entityManager;
  private final OutboxRows outbox;
  private final Clock clock;
  private final int batchSize;
  private final NotificationMetrics metrics;
  private final RelayRounds rounds = new RelayRounds();
  private final Duration sendTimeout;

  OutboxRelay(
      EntityManager entityManager,
      @Channel(CHANNEL) MutinyEmitter<String> channel,
      KafkaClientService kafka,
      OpenTelemetry openTelemetry,
      Clock clock,
      @ConfigProperty(name = "outbox.relay.batch-size", defaultValue = "200") int batchSize,
      @ConfigProperty(name = "outbox.relay.send-timeout", defaultValue = "15s")
          Duration sendTimeout,
      NotificationMetrics metrics) {
    this.metrics = metrics;
    this.entityManager = entityManager;
    CloudEventWriter writer =
        new CloudEventWriter(
            "urn:followup:notification-service",
            openTelemetry,
            "dev.followup.notification.outbox",
            () -> kafka.<String, String>getProducer(CHANNEL).unwrap());
    this.outbox =
        new OutboxRows(
            writer,
            TraceParents::context,
            batchSize,
            sendTimeout,
            sent -> metrics.published(sent.type()));
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
    rounds.run(this::relayOneBatch, batchSize);
  }

  /**
   * Stops claiming as soon as shutdown begins, and lets the batch in flight finish (acknowledged
   * and deleted) while the broker connection and the database are still open.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    if (!rounds.stop(sendTimeout.plusSeconds(5))) {
      LOG.warn("Shutting down with an outbox batch still in flight; it is sent again later");
    }
  }

  /**
   * Refreshes the {@code followup.outbox.pending} gauge: a count on the partial index of
   * unpublished rows, every few seconds rather than on every scrape.
   */
  @Scheduled(
      every = "${outbox.pending-refresh:5s}",
      delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      // Not while the application starts or stops: the database may not be there.
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
              try {
                return entityManager
                    .unwrap(Session.class)
                    .doReturningWork(connection -> outbox.relayOne(connection, clock.instant()));
              } catch (RuntimeException e) {
                LOG.warnf(
                    "Relaying %s failed, will retry: %s", "notification events", e.getMessage());
                QuarkusTransaction.setRollbackOnly();
                return 0;
              }
            });
  }
}

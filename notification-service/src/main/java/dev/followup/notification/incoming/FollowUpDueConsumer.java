package dev.followup.notification.incoming;

import dev.followup.notification.application.DeliveryIntake;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.persistence.TransientFailures;
import dev.followup.notification.tracing.TraceParents;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes due follow-up steps from the {@code follow-ups-due} topic and hands each to the delivery
 * intake. It never sends anything itself, so a slow mail provider cannot hold up the consumer.
 *
 * <p>A record that can never be processed (not a CloudEvent, an unknown type, data that is not
 * valid JSON or misses a required field) is nacked; the channel's failure strategy then moves it to
 * {@code follow-ups-due.dlq} with the reason, and the records behind it go on. A record that fails
 * because the service is stopping is neither, and is read again after the restart.
 */
@ApplicationScoped
public class FollowUpDueConsumer {

  private static final Logger LOG = Logger.getLogger(FollowUpDueConsumer.class);

  /** Where the channel's failure strategy moves a record this consumer nacks. */
  static final String DEAD_LETTER_TOPIC = "follow-ups-due.dlq";

  private final FollowUpDueReader reader;
  private final DeliveryIntake intake;
  private final NotificationMetrics metrics;
  private volatile boolean stopping;

  FollowUpDueConsumer(
      FollowUpDueReader reader, DeliveryIntake intake, NotificationMetrics metrics) {
    this.reader = reader;
    this.intake = intake;
    this.metrics = metrics;
  }

  @Incoming("follow-ups-due")
  @Blocking
  public CompletionStage<Void> onFollowUpDue(Message<String> message) {
    try {
      accept(message.getPayload(), metadataOf(message));
      return message.ack();
    } catch (UnreadableEventException e) {
      metrics.deadLetter(DEAD_LETTER_TOPIC, "unreadable");
      return message.nack(e);
    } catch (RuntimeException e) {
      if (stopping) {
        // The process is stopping and took the database or the intake with it: the record is
        // fine. Neither acknowledged nor dead-lettered, its offset is not committed, so the next
        // instance (or this one after a restart) reads it again; the intake is idempotent.
        LOG.debugf("FollowUpDue left for the next consumer, the service is stopping: %s", e);
        return new CompletableFuture<>();
      }
      metrics.deadLetter(DEAD_LETTER_TOPIC, "processing-failed");
      return message.nack(e);
    }
  }

  /** Marks the start of shutdown, before the database and the intake go away. */
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  private void accept(String data, IncomingKafkaRecordMetadata<String, String> record) {
    CloudEventAttributes event = CloudEventAttributes.of(record.getHeaders());
    if (!FollowUpDueReader.TYPE.equals(event.type())) {
      throw new UnreadableEventException(
          "Unexpected CloudEvent type '" + event.type() + "' for event " + event.id());
    }
    FollowUpDue due = reader.read(data);
    Header traceParent = record.getHeaders().lastHeader(TraceParents.HEADER);
    String continuedTrace =
        TraceParents.continuing(
            traceParent == null ? null : new String(traceParent.value(), StandardCharsets.UTF_8));
    // A database outage is waited out, never dead-lettered: the record itself is fine.
    DeliveryIntake.Outcome outcome =
        TransientFailures.retrying(
            () -> intake.accept(event.id(), event.type(), due, data, continuedTrace));
    LOG.debugf("FollowUpDue %s for step %s: %s", event.id(), due.stepId(), outcome);
  }

  @SuppressWarnings("unchecked")
  private static IncomingKafkaRecordMetadata<String, String> metadataOf(Message<String> message) {
    return message
        .getMetadata(IncomingKafkaRecordMetadata.class)
        .orElseThrow(() -> new IllegalStateException("Not a Kafka record"));
  }
}

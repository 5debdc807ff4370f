package dev.followup.notification.incoming;

import dev.followup.notification.application.DeliveryIntake;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.persistence.TransientFailures;
import dev.followup.notification.tracing.TraceParents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes due follow-up steps from the {@code follow-ups-due} topic and hands each to the delivery
 * intake. It never sends anything itself, so a slow mail provider cannot hold up the consumer.
 *
 * <p>A record that can never be processed (not a CloudEvent, an unknown type, data that is not
 * valid JSON or misses a required field) makes this method throw; the channel's failure strategy
 * then moves it to {@code follow-ups-due.dlq} with the reason, and the records behind it go on.
 */
@ApplicationScoped
public class FollowUpDueConsumer {

  private static final Logger LOG = Logger.getLogger(FollowUpDueConsumer.class);

  /** Where the channel's failure strategy moves a record this method throws on. */
  static final String DEAD_LETTER_TOPIC = "follow-ups-due.dlq";

  private final FollowUpDueReader reader;
  private final DeliveryIntake intake;
  private final NotificationMetrics metrics;

  FollowUpDueConsumer(
      FollowUpDueReader reader, DeliveryIntake intake, NotificationMetrics metrics) {
    this.reader = reader;
    this.intake = intake;
    this.metrics = metrics;
  }

  @Incoming("follow-ups-due")
  @Blocking
  public void onFollowUpDue(String data, IncomingKafkaRecordMetadata<String, String> record) {
    try {
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
    } catch (UnreadableEventException e) {
      metrics.deadLetter(DEAD_LETTER_TOPIC, "unreadable");
      throw e;
    } catch (RuntimeException e) {
      metrics.deadLetter(DEAD_LETTER_TOPIC, "processing-failed");
      throw e;
    }
  }
}

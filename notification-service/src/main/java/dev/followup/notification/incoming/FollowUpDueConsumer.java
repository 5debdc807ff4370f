package dev.followup.notification.incoming;

import dev.followup.database.TransientFailures;
import dev.followup.notification.application.DeliveryIntake;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.tracing.TraceParents;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes due follow-up steps from the {@code follow-ups-due} topic and hands them to the delivery
 * intake, a poll's worth of records at a time in one transaction. It never sends anything itself,
 * so a slow mail provider cannot hold up the consumer.
 *
 * <p>A record that can never be processed (not a CloudEvent, an unknown type, data that is not
 * valid JSON or misses a required field) is nacked on its own; the channel's failure strategy then
 * moves it to {@code follow-ups-due.dlq} with the reason, and the rest of its batch goes on. A
 * batch whose transaction fails for another reason than a database outage (waited out) is taken in
 * again record by record, each in its own transaction, so that only the record at fault is
 * dead-lettered. The batch is acknowledged once every record in it is taken in or dead-lettered. A
 * batch that fails because the service is stopping is neither, and is read again after the restart;
 * the intake is idempotent.
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
  public CompletionStage<Void> onFollowUpDue(KafkaRecordBatch<String, String> batch) {
    List<CompletableFuture<Void>> deadLettered = new ArrayList<>();
    List<KafkaRecord<String, String>> readable = new ArrayList<>();
    List<DeliveryIntake.Due> dues = new ArrayList<>();
    for (KafkaRecord<String, String> record : batch.getRecords()) {
      try {
        dues.add(read(record));
        readable.add(record);
      } catch (UnreadableEventException e) {
        metrics.deadLetter(DEAD_LETTER_TOPIC, "unreadable");
        deadLettered.add(record.nack(e).toCompletableFuture());
      }
    }
    try {
      takeIn(readable, dues, deadLettered);
    } catch (RuntimeException e) {
      // The process is stopping and took the database or the intake with it: the records are
      // fine. Neither acknowledged nor dead-lettered, their offsets are not committed, so the next
      // instance (or this one after a restart) reads them again; the intake is idempotent.
      LOG.debugf("FollowUpDue batch left for the next consumer, the service is stopping: %s", e);
      return new CompletableFuture<>();
    }
    return CompletableFuture.allOf(deadLettered.toArray(CompletableFuture[]::new))
        .thenCompose(done -> batch.ack());
  }

  /**
   * The readable records in one transaction; if that fails, one by one. Throws only when the
   * service is stopping.
   */
  private void takeIn(
      List<KafkaRecord<String, String>> records,
      List<DeliveryIntake.Due> dues,
      List<CompletableFuture<Void>> deadLettered) {
    if (dues.isEmpty()) {
      return;
    }
    try {
      // A database outage is waited out, never dead-lettered: the records themselves are fine.
      List<DeliveryIntake.Outcome> outcomes =
          TransientFailures.retrying(() -> intake.acceptAll(dues));
      LOG.debugf("FollowUpDue batch of %d: %s", dues.size(), outcomes);
      return;
    } catch (RuntimeException e) {
      if (stopping) {
        throw e;
      }
      LOG.debugf(
          "FollowUpDue batch of %d failed, taking its records in one by one: %s", dues.size(), e);
    }
    for (int i = 0; i < dues.size(); i++) {
      DeliveryIntake.Due due = dues.get(i);
      try {
        DeliveryIntake.Outcome outcome =
            TransientFailures.retrying(() -> intake.acceptAll(List.of(due)).get(0));
        LOG.debugf("FollowUpDue %s for step %s: %s", due.eventId(), due.due().stepId(), outcome);
      } catch (RuntimeException e) {
        if (stopping) {
          throw e;
        }
        metrics.deadLetter(DEAD_LETTER_TOPIC, "processing-failed");
        deadLettered.add(records.get(i).nack(e).toCompletableFuture());
      }
    }
  }

  /** Marks the start of shutdown, before the database and the intake go away. */
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  private DeliveryIntake.Due read(KafkaRecord<String, String> record) {
    CloudEventAttributes event = CloudEventAttributes.of(record.getHeaders());
    if (!FollowUpDueReader.TYPE.equals(event.type())) {
      throw new UnreadableEventException(
          "Unexpected CloudEvent type '" + event.type() + "' for event " + event.id());
    }
    String data = record.getPayload();
    FollowUpDue due = reader.read(data);
    Header traceParent = record.getHeaders().lastHeader(TraceParents.HEADER);
    String recordTrace =
        traceParent == null ? null : new String(traceParent.value(), StandardCharsets.UTF_8);
    // The connector's consumer span of this record, current while its trace is taken.
    Context consumed =
        record
            .getMetadata(TracingMetadata.class)
            .map(TracingMetadata::getCurrentContext)
            .orElse(Context.current());
    String continuedTrace;
    try (Scope scope = consumed.makeCurrent()) {
      continuedTrace = TraceParents.continuing(recordTrace);
    }
    return new DeliveryIntake.Due(event.id(), event.type(), due, data, continuedTrace);
  }
}

package dev.followup.notification.incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.database.TransientFailures;
import dev.followup.notification.application.CandidateErasure;
import dev.followup.notification.metrics.NotificationMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the interview-service's events for the one this service acts on, {@code
 * candidate.erased.v1}, and erases the candidate. Every other event of the topic is passed over:
 * its other consumers (the schedule-service) act on them and dead-letter those they cannot read.
 *
 * <p>An erasure whose data lacks the candidate is nacked, and the channel's failure strategy moves
 * it to {@code interview-events.notification.dlq} with the reason, where an operator sees it; so is
 * one whose erasure fails for another reason than a database outage, which is waited out. Erasing
 * is idempotent, so a record read again after a crash changes nothing.
 */
@ApplicationScoped
public class CandidateErasureConsumer {

  private static final Logger LOG = Logger.getLogger(CandidateErasureConsumer.class);

  /** The CloudEvent type this consumer acts on. */
  public static final String TYPE = "dev.followup.candidate.erased.v1";

  /** Where the channel's failure strategy moves a record this consumer nacks. */
  static final String DEAD_LETTER_TOPIC = "interview-events.notification.dlq";

  private final CandidateErasure erasure;
  private final ObjectMapper objectMapper;
  private final NotificationMetrics metrics;
  private volatile boolean stopping;

  CandidateErasureConsumer(
      CandidateErasure erasure, ObjectMapper objectMapper, NotificationMetrics metrics) {
    this.erasure = erasure;
    this.objectMapper = objectMapper;
    this.metrics = metrics;
  }

  @Incoming("interview-events")
  @Blocking
  public CompletionStage<Void> onInterviewEvent(KafkaRecord<String, String> record) {
    CloudEventAttributes event;
    try {
      event = CloudEventAttributes.of(record.getHeaders());
    } catch (UnreadableEventException e) {
      // Not a CloudEvent: not an erasure either. The schedule-service dead-letters it.
      LOG.debugf("Passed over a record of interview-events: %s", e.getMessage());
      return record.ack();
    }
    if (!TYPE.equals(event.type())) {
      return record.ack();
    }
    Erasure read;
    try {
      read = read(record.getPayload());
    } catch (UnreadableEventException e) {
      metrics.deadLetter(DEAD_LETTER_TOPIC, "unreadable");
      return record.nack(e);
    }
    try {
      TransientFailures.retrying(() -> erasure.erase(read.tenantId(), read.candidateId()));
    } catch (RuntimeException e) {
      if (stopping) {
        // Neither acknowledged nor dead-lettered: the offset is not committed, and the erasure is
        // read again after the restart.
        LOG.debugf("Erasure left for the next consumer, the service is stopping: %s", e);
        return new CompletableFuture<>();
      }
      metrics.deadLetter(DEAD_LETTER_TOPIC, "processing-failed");
      return record.nack(e);
    }
    return record.ack();
  }

  /** Marks the start of shutdown, before the database goes away. */
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  /** The candidate an erasure names. */
  private record Erasure(String tenantId, String candidateId) {}

  private Erasure read(String data) {
    JsonNode tree;
    try {
      tree = data == null ? null : objectMapper.readTree(data);
    } catch (JsonProcessingException e) {
      throw new UnreadableEventException(
          "CandidateErased data is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new UnreadableEventException("CandidateErased data is not a JSON object");
    }
    JsonNode candidate = tree.path("candidateId");
    if (!candidate.isTextual() || candidate.asText().isBlank()) {
      throw new UnreadableEventException("CandidateErased data misses required field candidateId");
    }
    JsonNode tenant = tree.path("tenantId");
    return new Erasure(tenant.isTextual() ? tenant.asText() : null, candidate.asText());
  }
}

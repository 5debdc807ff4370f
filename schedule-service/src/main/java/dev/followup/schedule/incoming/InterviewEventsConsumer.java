package dev.followup.schedule.incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.PlanningService;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.tracing.TraceParents;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

/**
 * Reads interview events and hands each to the planning service. An event that cannot be read or
 * acted on throws, so that the channel's failure strategy moves it to the dead-letter topic with
 * the reason, and the records after it are still processed. Event types this service does not act
 * on are skipped.
 *
 * <p>Each event is handled in the trace of its record ({@code traceparent} header), so that what it
 * plans (steps, plan events) is published later in that same trace.
 */
@ApplicationScoped
public class InterviewEventsConsumer {

  private static final Logger LOG = Logger.getLogger(InterviewEventsConsumer.class);
  private static final int CONFLICT_ATTEMPTS = 5;
  private static final String TOPIC = "interview-events";

  private final PlanningService planning;
  private final ObjectMapper objectMapper;
  private final Validator validator;
  private final ScheduleMetrics metrics;

  InterviewEventsConsumer(
      PlanningService planning,
      ObjectMapper objectMapper,
      Validator validator,
      ScheduleMetrics metrics) {
    this.planning = planning;
    this.objectMapper = objectMapper;
    this.validator = validator;
    this.metrics = metrics;
  }

  /** Runs on a worker thread; each reaction's transaction covers its idempotency record. */
  @Incoming(TOPIC)
  @Blocking
  public void consume(String payload, IncomingKafkaRecordMetadata<String, String> record) {
    try (Scope trace = traceOf(record.getHeaders()).makeCurrent()) {
      CloudEventHeaders event = CloudEventHeaders.of(record.getHeaders());
      // A database outage is waited out, never dead-lettered: the record itself is fine.
      TransientFailures.retrying(() -> retryingOnConflict(() -> handle(event, payload)));
    } catch (RuntimeException e) {
      // Thrown on, the record goes to the dead-letter topic.
      metrics.deadLetter(TOPIC, deadLetterReason(e));
      throw e;
    }
  }

  /**
   * The connector's consumer span when it is current here; otherwise the producer's context from
   * the record's {@code traceparent} header.
   */
  private static Context traceOf(Headers headers) {
    if (Span.current().getSpanContext().isValid()) {
      return Context.current();
    }
    Header traceParent = headers.lastHeader(TraceParents.HEADER);
    return traceParent == null || traceParent.value() == null
        ? Context.current()
        : TraceParents.context(new String(traceParent.value(), StandardCharsets.UTF_8));
  }

  /** A fixed word per kind of failure: a metric tag, so never the failure's message. */
  private static String deadLetterReason(RuntimeException e) {
    if (e instanceof InvalidEventException) {
      return "invalid-event";
    }
    if (e instanceof PessimisticLockException
        || e instanceof OptimisticLockException
        || e instanceof LockAcquisitionException) {
      return "lock-conflict";
    }
    return "processing-failed";
  }

  /**
   * A lock conflict with another transaction (the timer poller, another instance) is transient: try
   * again a few times before letting the record fail, rather than dead-letter a good event.
   */
  private static void retryingOnConflict(Runnable reaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        reaction.run();
        return;
      } catch (PessimisticLockException | OptimisticLockException | LockAcquisitionException e) {
        if (attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
        LOG.debugf("Lock conflict, retrying (attempt %d): %s", attempt, e.getMessage());
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void handle(CloudEventHeaders event, String payload) {
    switch (event.type()) {
      case InterviewCompleted.TYPE ->
          planning.onInterviewCompleted(
              event.id(), read(payload, InterviewCompleted.class), payload);
      case ChangeEvents.InterviewRescheduled.TYPE ->
          planning.onInterviewRescheduled(
              event.id(), read(payload, ChangeEvents.InterviewRescheduled.class));
      case ChangeEvents.InterviewCancelled.TYPE ->
          planning.onInterviewCancelled(
              event.id(), read(payload, ChangeEvents.InterviewCancelled.class));
      case ChangeEvents.OutcomeRecorded.TYPE ->
          planning.onOutcomeRecorded(event.id(), read(payload, ChangeEvents.OutcomeRecorded.class));
      case ChangeEvents.EmployerReplied.TYPE ->
          planning.onEmployerReplied(event.id(), read(payload, ChangeEvents.EmployerReplied.class));
      case ChangeEvents.CandidateErased.TYPE ->
          planning.onCandidateErased(event.id(), read(payload, ChangeEvents.CandidateErased.class));
      default ->
          // Other interview events (later versions, other facts) are not this service's business.
          LOG.debugf("Skipping event type %s", event.type());
    }
  }

  private <T> T read(String payload, Class<T> type) {
    String name = type.getSimpleName();
    T event;
    try {
      event = objectMapper.readValue(payload, type);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("Unreadable " + name + ": " + e.getOriginalMessage(), e);
    }
    if (event == null) {
      throw new InvalidEventException("Empty " + name);
    }
    Set<ConstraintViolation<T>> violations = validator.validate(event);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(
          "Invalid "
              + name
              + ": "
              + violations.stream()
                  .map(v -> v.getPropertyPath() + " " + v.getMessage())
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return event;
  }
}

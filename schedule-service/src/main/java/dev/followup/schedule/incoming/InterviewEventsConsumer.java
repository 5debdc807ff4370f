package dev.followup.schedule.incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.PlanningService;
import dev.followup.schedule.application.events.InterviewCompleted;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads interview events. An event that cannot be read or acted on throws, so that the channel's
 * failure strategy moves it to the dead-letter topic with the reason, and the records after it are
 * still processed. Event types this service does not act on are skipped.
 */
@ApplicationScoped
public class InterviewEventsConsumer {

  private static final Logger LOG = Logger.getLogger(InterviewEventsConsumer.class);

  private final PlanningService planning;
  private final ObjectMapper objectMapper;
  private final Validator validator;

  InterviewEventsConsumer(
      PlanningService planning, ObjectMapper objectMapper, Validator validator) {
    this.planning = planning;
    this.objectMapper = objectMapper;
    this.validator = validator;
  }

  /** Runs on a worker thread; the planning transaction covers the idempotency record. */
  @Incoming("interview-events")
  @io.smallrye.common.annotation.Blocking
  public void consume(String payload, Optional<IncomingCloudEventMetadata<String>> cloudEvent) {
    IncomingCloudEventMetadata<String> attributes =
        cloudEvent.orElseThrow(
            () -> new InvalidEventException("Not a CloudEvent: no ce_id / ce_type headers"));
    if (!InterviewCompleted.TYPE.equals(attributes.getType())) {
      LOG.debugf("Skipping event type %s", attributes.getType());
      return;
    }
    planning.onInterviewCompleted(attributes.getId(), read(payload));
  }

  private InterviewCompleted read(String payload) {
    InterviewCompleted event;
    try {
      event = objectMapper.readValue(payload, InterviewCompleted.class);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          "Unreadable InterviewCompleted: " + e.getOriginalMessage(), e);
    }
    if (event == null) {
      throw new InvalidEventException("Empty InterviewCompleted");
    }
    Set<ConstraintViolation<InterviewCompleted>> violations = validator.validate(event);
    if (!violations.isEmpty()) {
      throw new InvalidEventException(
          "Invalid InterviewCompleted: "
              + violations.stream()
                  .map(v -> v.getPropertyPath() + " " + v.getMessage())
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return event;
  }
}

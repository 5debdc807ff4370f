package dev.followup.schedule.incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import io.quarkus.arc.Arc;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads and checks an interview event where the Kafka client reads the record: on the connector's
 * polling thread, which fetches the next poll while the consumer plans the current one. The
 * consumer's thread is the one that every batch waits for, and reading and checking the events took
 * a twentieth of it in a profile of a backlog being planned.
 *
 * <p>Never throws: an event that cannot be read or checked comes out as a {@link ReadEvent} that
 * says why, and the consumer sends it to the dead-letter topic with that reason, the record's value
 * unchanged ({@link ReadEventSerializer}). A deserializer that throws would leave the connector
 * only its own failure handling, outside the consumer's metrics and reasons.
 *
 * <p>Made by the Kafka client from its class name: the application's JSON mapper and validator are
 * looked up when it is configured.
 */
public class InterviewEventDeserializer implements Deserializer<ReadEvent> {

  /** The data type of each event type this service acts on. */
  private static final Map<String, Class<?>> DATA_TYPES =
      Map.of(
          InterviewCompleted.TYPE, InterviewCompleted.class,
          ChangeEvents.InterviewRescheduled.TYPE, ChangeEvents.InterviewRescheduled.class,
          ChangeEvents.InterviewCancelled.TYPE, ChangeEvents.InterviewCancelled.class,
          ChangeEvents.OutcomeRecorded.TYPE, ChangeEvents.OutcomeRecorded.class,
          ChangeEvents.EmployerReplied.TYPE, ChangeEvents.EmployerReplied.class,
          ChangeEvents.CandidateErased.TYPE, ChangeEvents.CandidateErased.class);

  private Map<Class<?>, ObjectReader> readers;
  private Validator validator;

  /** As the Kafka client makes it: see {@link #configure}. */
  public InterviewEventDeserializer() {}

  InterviewEventDeserializer(ObjectMapper objectMapper, Validator validator) {
    use(objectMapper, validator);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (readers == null) {
      use(
          Arc.container().instance(ObjectMapper.class).get(),
          forPlainRecords(Arc.container().instance(ValidatorFactory.class).get()));
    }
  }

  /**
   * The application's validator, but walking into every property without asking: the events are
   * plain records, and the resolver the application's validator has asks Hibernate ORM, for each
   * property of each element, whether it is a lazy attribute not yet loaded. In a profile of a
   * backlog being planned, that took 60 to 70 % of validating the events.
   */
  static Validator forPlainRecords(ValidatorFactory factory) {
    return factory.usingContext().traversableResolver(new EveryProperty()).getValidator();
  }

  /** Every property is reached, and every element cascaded into. */
  private static final class EveryProperty implements TraversableResolver {
    @Override
    public boolean isReachable(
        Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
      return true;
    }

    @Override
    public boolean isCascadable(
        Object bean, Path.Node property, Class<?> root, Path path, ElementType type) {
      return true;
    }
  }

  private void use(ObjectMapper objectMapper, Validator validator) {
    // A reader bound to each data type once, rather than the mapper finding it for every record.
    this.readers =
        DATA_TYPES.values().stream()
            .collect(Collectors.toUnmodifiableMap(type -> type, objectMapper::readerFor));
    this.validator = validator;
  }

  @Override
  public ReadEvent deserialize(String topic, byte[] data) {
    throw new UnsupportedOperationException("An interview event is read with its headers");
  }

  @Override
  public ReadEvent deserialize(String topic, Headers headers, byte[] value) {
    String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
    CloudEventHeaders event;
    try {
      event = CloudEventHeaders.of(headers);
    } catch (InvalidEventException e) {
      return ReadEvent.invalid(text, null, e);
    }
    Class<?> type = DATA_TYPES.get(event.type());
    if (type == null) {
      // Other interview events (later versions, other facts) are not this service's business.
      return ReadEvent.of(text, event, null);
    }
    try {
      return ReadEvent.of(text, event, read(text, type));
    } catch (InvalidEventException e) {
      return ReadEvent.invalid(text, event, e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    String name = type.getSimpleName();
    if (text == null) {
      throw new InvalidEventException("Empty " + name);
    }
    T data;
    try {
      data = readers.get(type).readValue(text);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("Unreadable " + name + ": " + e.getOriginalMessage(), e);
    }
    if (data == null) {
      throw new InvalidEventException("Empty " + name);
    }
    Set<ConstraintViolation<T>> violations = validator.validate(data);
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
    return data;
  }
}

package dev.followup.interview.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.rest.RequestBodies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads a body that a client may leave out, whatever content type it then sends (an empty POST
 * often comes as text/plain): the same JSON reading and validation as a required body.
 */
@ApplicationScoped
class OptionalBodies {

  private final ObjectMapper objectMapper;
  private final Validator validator;

  OptionalBodies(ObjectMapper objectMapper, Validator validator) {
    this.objectMapper = objectMapper;
    this.validator = validator;
  }

  /**
   * The body as {@code type}, validated; null when there is none.
   *
   * @throws JsonProcessingException (unchecked through the problem mappers) when it is unreadable
   * @throws RequestBodies.MalformedUtf8Exception when it is not UTF-8
   * @throws ConstraintViolationException when it is invalid
   */
  <T> T read(byte[] body, Class<T> type) {
    if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return null;
    }
    // Whatever its declared type, it is read as JSON: strict UTF-8 (RFC 8259).
    RequestBodies.requireUtf8(body);
    T value;
    try {
      value = objectMapper.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new UnreadableBodyException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // Not from an array in memory.
    }
    Set<ConstraintViolation<T>> violations = validator.validate(value);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return value;
  }

  /** Carries a JSON reading failure to the problem mappers. */
  static final class UnreadableBodyException extends RuntimeException {
    UnreadableBodyException(JsonProcessingException cause) {
      super(cause);
    }
  }
}

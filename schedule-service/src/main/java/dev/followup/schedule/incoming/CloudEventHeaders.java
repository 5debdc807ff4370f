package dev.followup.schedule.incoming;

import dev.followup.schedule.application.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvent attributes this service needs, read from the {@code ce_*} headers of a record in
 * Kafka binary mode.
 *
 * <p>Read here rather than by the connector: the connector parses every attribute before the
 * consumer method runs, and a malformed optional one (a {@code ce_time} that is not a timestamp)
 * throws outside the failure strategy and stops the channel. Here a missing or unsupported
 * attribute is an ordinary failure of the record, which goes to the dead-letter topic; a malformed
 * optional {@code time} is treated as absent.
 */
record CloudEventHeaders(String id, String type, Instant time) {

  static CloudEventHeaders of(Headers headers) {
    String specVersion = text(headers, "ce_specversion");
    String id = text(headers, "ce_id");
    String type = text(headers, "ce_type");
    if (specVersion == null || id == null || type == null || text(headers, "ce_source") == null) {
      throw new InvalidEventException(
          "Not a CloudEvent in binary mode: ce_specversion, ce_id, ce_source and ce_type are required");
    }
    if (!"1.0".equals(specVersion)) {
      throw new InvalidEventException("Unsupported CloudEvents version " + specVersion);
    }
    return new CloudEventHeaders(id, type, time(text(headers, "ce_time")));
  }

  /**
   * The optional {@code time} attribute (RFC 3339), or null when it is absent or unreadable: it
   * only orders events (see {@code EventOrder}), and an event without it is applied as it comes
   * rather than refused.
   */
  private static Instant time(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null) {
      return null;
    }
    String value = new String(header.value(), StandardCharsets.UTF_8).strip();
    return value.isEmpty() ? null : value;
  }
}

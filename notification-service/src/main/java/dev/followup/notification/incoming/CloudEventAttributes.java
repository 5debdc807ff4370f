package dev.followup.notification.incoming;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvent attributes of a Kafka record in binary mode, read from its {@code ce_*} headers.
 *
 * <p>Read here rather than by the connector: SmallRye parses every attribute (the time, the source
 * as a URI) before the consumer method is called, and a record whose optional attribute is
 * malformed makes that parsing throw outside the failure strategy, which stops the channel for
 * good. Here only what this service uses is read, and anything missing is the consumer's failure,
 * sent to the dead-letter topic like any other.
 */
record CloudEventAttributes(String specVersion, String id, String source, String type) {

  private static final String SPEC_VERSION = "1.0";
  private static final List<String> MANDATORY =
      List.of("ce_specversion", "ce_id", "ce_source", "ce_type");

  /**
   * Reads the mandatory attributes.
   *
   * @throws UnreadableEventException if one is missing or the spec version is not 1.0
   */
  static CloudEventAttributes of(Headers headers) {
    List<String> missing = MANDATORY.stream().filter(name -> text(headers, name) == null).toList();
    if (!missing.isEmpty()) {
      throw new UnreadableEventException(
          "The record is not a CloudEvent in binary mode: missing header(s) "
              + String.join(", ", missing));
    }
    CloudEventAttributes attributes =
        new CloudEventAttributes(
            text(headers, "ce_specversion"),
            text(headers, "ce_id"),
            text(headers, "ce_source"),
            text(headers, "ce_type"));
    if (!SPEC_VERSION.equals(attributes.specVersion())) {
      throw new UnreadableEventException(
          "Unsupported CloudEvents spec version '" + attributes.specVersion() + "'");
    }
    return attributes;
  }

  /** The last value of a header as text, or null if absent or blank. */
  private static String text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    if (header == null || header.value() == null) {
      return null;
    }
    String value = new String(header.value(), StandardCharsets.UTF_8).strip();
    return value.isEmpty() ? null : value;
  }
}

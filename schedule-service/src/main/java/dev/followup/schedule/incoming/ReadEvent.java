package dev.followup.schedule.incoming;

import dev.followup.schedule.application.InvalidEventException;

/**
 * An interview event as read from its record by {@link InterviewEventDeserializer}: the record's
 * value as received, and either its CloudEvent attributes and data, checked, or why it cannot be
 * acted on.
 *
 * @param text the record's value as received: what the dead-letter topic gets back
 * @param event the CloudEvent attributes, null when they could not be read
 * @param data the event's data, read and checked, for the types this service acts on; null for
 *     other types and when the event is invalid
 * @param invalid why the event cannot be acted on, or null
 */
record ReadEvent(String text, CloudEventHeaders event, Object data, InvalidEventException invalid) {

  static ReadEvent of(String text, CloudEventHeaders event, Object data) {
    return new ReadEvent(text, event, data, null);
  }

  static ReadEvent invalid(String text, CloudEventHeaders event, InvalidEventException why) {
    return new ReadEvent(text, event, null, why);
  }

  /**
   * The data, as the type its event type calls for.
   *
   * @throws InvalidEventException why the event cannot be acted on, if it cannot
   */
  <T> T data(Class<T> type) {
    if (invalid != null) {
      throw invalid;
    }
    return type.cast(data);
  }
}

package dev.followup.schedule.publishing;

/**
 * A CloudEvent to publish.
 *
 * @param id stable CloudEvent id: re-publishing the same fact uses the same id
 * @param key Kafka record key; events sharing a key keep their order
 * @param data serialised as the JSON data of the event
 * @param traceParent W3C traceparent of the change that caused the event, captured when it was
 *     written; the record is sent in that trace. Null: in the current one.
 */
public record OutgoingEvent(
    String id, String type, String subject, String key, Object data, String traceParent) {}

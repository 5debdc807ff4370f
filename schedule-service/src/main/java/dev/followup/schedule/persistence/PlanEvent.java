package dev.followup.schedule.persistence;

import java.util.UUID;

/**
 * A plan-change event read from the outbox, to be relayed.
 *
 * @param id the CloudEvent id, the same at every re-send
 * @param recordKey the Kafka record key (the opportunity)
 * @param payload the event's data, as JSON
 * @param traceParent the W3C traceparent it was written in, or null
 */
public record PlanEvent(
    UUID id, String recordKey, String type, String subject, String payload, String traceParent) {}

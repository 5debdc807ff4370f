package dev.followup.events;

import io.opentelemetry.context.Context;
import java.time.OffsetDateTime;

/**
 * A CloudEvent to write to Kafka.
 *
 * @param id stable CloudEvent id: the same fact published again has the same id
 * @param type the CloudEvent type
 * @param subject what the event is about within its source; null if nothing narrower
 * @param key the record key; events sharing a key keep their order
 * @param json the event data, serialised
 * @param time when the fact happened ({@code ce_time})
 * @param trace the context whose span the record's producer span continues
 */
public record CloudEvent(
    String id,
    String type,
    String subject,
    String key,
    String json,
    OffsetDateTime time,
    Context trace) {}

package dev.followup.notification.application;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.DeliveryStatus;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns a due follow-up step into a pending delivery, exactly once.
 *
 * <p>The event id and the delivery are written in one transaction, and a delivery is unique per
 * event id and channel: a redelivered event, or a step re-fired after a crash (same id, {@code
 * <stepId>:<revision>}), leaves the database as it was. A step the candidate snoozed fires later
 * under a new revision, hence a new id, and is delivered again: that is the point of the snooze.
 * Nothing is sent here; the dispatcher sends later, away from the consumer.
 */
@ApplicationScoped
@Transactional
public class DeliveryIntake {

  /** What taking in one event did. */
  public enum Outcome {
    /** A new delivery is pending. */
    ACCEPTED,
    /** The event id was seen before: nothing changed. */
    DUPLICATE_EVENT,
    /** The event already has a delivery on this channel: only the event id was recorded. */
    DUPLICATE_DELIVERY
  }

  private final ProcessedEvents processedEvents;
  private final Deliveries deliveries;
  private final Clock clock;

  DeliveryIntake(ProcessedEvents processedEvents, Deliveries deliveries, Clock clock) {
    this.processedEvents = processedEvents;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /**
   * Takes in one due step.
   *
   * @param eventId CloudEvent id, the deduplication key
   * @param eventType CloudEvent type, kept for audit
   * @param due the validated event data
   * @param data the event data as received (JSON), kept to render the message at send time
   */
  public Outcome accept(String eventId, String eventType, FollowUpDue due, String data) {
    Instant now = clock.instant();
    if (!processedEvents.recordIfNew(eventId, eventType, now)) {
      return Outcome.DUPLICATE_EVENT;
    }
    Delivery delivery = new Delivery();
    delivery.id = UUID.randomUUID();
    delivery.stepId = due.stepId();
    delivery.channel = Channel.EMAIL;
    delivery.kind = due.kind();
    delivery.eventId = eventId;
    delivery.address = due.candidate().email();
    delivery.payload = data;
    delivery.status = DeliveryStatus.PENDING;
    delivery.nextAttemptAt = now;
    delivery.createdAt = now;
    return deliveries.addIfAbsent(delivery) ? Outcome.ACCEPTED : Outcome.DUPLICATE_DELIVERY;
  }
}

package dev.followup.notification.application;

import dev.followup.notification.delivery.NewDeliveriesDue;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.domain.DeliveryStatus;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.metrics.NotificationMetrics.Result;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.ProcessedEvents;
import dev.followup.notification.persistence.StoredPreferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a due follow-up step into a pending delivery on the candidate's first chosen channel for
 * that sort of step, exactly once.
 *
 * <p>The event id and the delivery are written in one transaction, and a delivery is unique per
 * event id and channel: a redelivered event, or a step re-fired after a crash (same id, {@code
 * <stepId>:<revision>}), leaves the database as it was. A step the candidate snoozed fires later
 * under a new revision, hence a new id, and is delivered again: that is the point of the snooze.
 * Nothing is sent here; the dispatcher sends later, away from the consumer, and hears of deliveries
 * due now as soon as they are committed.
 *
 * <p>The channel is the candidate's choice, not the plan's suggestion in the event. The channels
 * after the first are kept on the delivery: if the first fails for good (no phone, opted out, no
 * push subscription, a permanent provider error) the dispatcher falls back to the next. A step due
 * in the candidate's quiet hours is due at their end instead: the consumer does not wait for it.
 *
 * <p>The event of an erased candidate (still on its way when the erasure came, or replayed) is
 * recorded as processed and creates no delivery.
 *
 * <p>A batch of events is taken in in one transaction ({@link #acceptAll}), each as alone: the same
 * event twice in a batch is recorded once.
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
    DUPLICATE_DELIVERY,
    /** The candidate was erased: only the event id was recorded, and nothing is sent. */
    ERASED_CANDIDATE
  }

  private final ProcessedEvents processedEvents;
  private final Deliveries deliveries;
  private final Candidates candidates;
  private final Clock clock;
  private final NotificationMetrics metrics;
  private final Event<NewDeliveriesDue> newDeliveriesDue;

  DeliveryIntake(
      ProcessedEvents processedEvents,
      Deliveries deliveries,
      Candidates candidates,
      Clock clock,
      NotificationMetrics metrics,
      Event<NewDeliveriesDue> newDeliveriesDue) {
    this.processedEvents = processedEvents;
    this.deliveries = deliveries;
    this.candidates = candidates;
    this.clock = clock;
    this.metrics = metrics;
    this.newDeliveriesDue = newDeliveriesDue;
  }

  /**
   * A due step as consumed.
   *
   * @param eventId CloudEvent id, the deduplication key
   * @param eventType CloudEvent type, kept for audit
   * @param due the validated event data
   * @param data the event data as received (JSON), kept to render the message at send time
   * @param traceParent W3C traceparent the delivery's outcome events continue; null for none
   */
  public record Due(
      String eventId, String eventType, FollowUpDue due, String data, String traceParent) {}

  /** Takes in one due step. */
  public Outcome accept(
      String eventId, String eventType, FollowUpDue due, String data, String traceParent) {
    return acceptAll(List.of(new Due(eventId, eventType, due, data, traceParent))).get(0);
  }

  /**
   * Takes in due steps in one transaction, in a few statements for the whole batch (their
   * candidates' preferences, their event ids, their deliveries): all of them, or none if one fails.
   *
   * @return what taking in each did, in the order given
   */
  public List<Outcome> acceptAll(List<Due> batch) {
    Set<StoredPreferences.Key> candidateKeys = new HashSet<>();
    for (Due due : batch) {
      candidateKeys.add(candidateKey(due));
    }
    Map<StoredPreferences.Key, ContactPreferences> stored = candidates.preferences(candidateKeys);
    // An erased candidate's step may still fire (its erasure and the step's event travel on
    // different topics) or be replayed: it must not become a reminder.
    Set<StoredPreferences.Key> erased = candidates.erasedAmong(candidateKeys);
    Instant now = clock.instant();
    Set<String> newEvents =
        processedEvents.recordAllIfNew(
            batch.stream().map(Due::eventId).toList(),
            batch.stream().map(Due::eventType).toList(),
            now);
    // A delivery per new event; an event id given twice in the batch is new only the first time.
    List<Delivery> created = new ArrayList<>(batch.size());
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    Set<String> taken = new HashSet<>();
    for (Due due : batch) {
      boolean isNew = newEvents.contains(due.eventId()) && taken.add(due.eventId());
      boolean ofErased = erased.contains(candidateKey(due));
      created.add(
          isNew && !ofErased
              ? newDelivery(due, Optional.ofNullable(stored.get(candidateKey(due))), now)
              : null);
      outcomes.add(isNew && ofErased ? Outcome.ERASED_CANDIDATE : null);
    }
    Set<UUID> added = deliveries.addAllIfAbsent(created.stream().filter(Objects::nonNull).toList());
    int dueNow = 0;
    for (int i = 0; i < created.size(); i++) {
      if (outcomes.get(i) == Outcome.ERASED_CANDIDATE) {
        metrics.delivery("none", Result.ERASED);
      } else {
        outcomes.set(i, outcome(created.get(i), added, now));
        if (outcomes.get(i) == Outcome.ACCEPTED && !created.get(i).nextAttemptAt.isAfter(now)) {
          dueNow++;
        }
      }
    }
    if (dueNow > 0) {
      // The dispatcher hears of it once this transaction has committed.
      newDeliveriesDue.fire(new NewDeliveriesDue(dueNow));
    }
    return outcomes;
  }

  private static StoredPreferences.Key candidateKey(Due due) {
    return new StoredPreferences.Key(
        Candidates.tenantKey(due.due().tenantId()), due.due().candidate().id());
  }

  /** What taking in an event did, counted: {@code delivery} is null for an event seen before. */
  private Outcome outcome(Delivery delivery, Set<UUID> added, Instant now) {
    if (delivery == null) {
      metrics.delivery("none", Result.DUPLICATE);
      return Outcome.DUPLICATE_EVENT;
    }
    if (!added.contains(delivery.id)) {
      metrics.delivery(delivery.channel, Result.DUPLICATE);
      return Outcome.DUPLICATE_DELIVERY;
    }
    if (delivery.nextAttemptAt.isAfter(now)) {
      metrics.delivery(delivery.channel, Result.DEFERRED);
    }
    return Outcome.ACCEPTED;
  }

  /** The pending delivery of a new event, on the first channel the candidate chose for it. */
  private static Delivery newDelivery(Due event, Optional<ContactPreferences> stored, Instant now) {
    FollowUpDue due = event.due();
    ContactPreferences preferences =
        ContactPreferences.applying(
            stored, due.candidate().email(), zone(due.candidate().timeZone()));
    List<Channel> plan =
        preferences.channelsFor(ReminderCategory.of(due.kind(), due.effectiveAction()));
    Channel first = plan.get(0);

    Delivery delivery = new Delivery();
    delivery.id = UUID.randomUUID();
    delivery.stepId = due.stepId();
    delivery.tenantId = Candidates.tenantKey(due.tenantId());
    delivery.candidateId = due.candidate().id();
    delivery.channel = first;
    delivery.channelPlan =
        plan.stream().skip(1).map(Channel::name).collect(Collectors.joining(","));
    delivery.kind = due.kind();
    delivery.eventId = event.eventId();
    delivery.address = preferences.addressOn(first);
    delivery.payload = event.data();
    delivery.status = DeliveryStatus.PENDING;
    delivery.nextAttemptAt =
        preferences
            .quietHours()
            .flatMap(quiet -> quiet.deferral(now, preferences.timeZone()))
            .orElse(now);
    delivery.createdAt = now;
    delivery.traceParent = event.traceParent();
    return delivery;
  }

  /** The zone the event names, UTC if it names none that exists. */
  public static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      return ZoneOffset.UTC;
    }
  }
}

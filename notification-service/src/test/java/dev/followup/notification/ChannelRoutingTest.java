package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reminders go where and when the candidate chose, falling back along their channels. */
@QuarkusTest
class ChannelRoutingTest {

  @Inject EntityManager entityManager;

  final FollowUpEvents events = FollowUpEvents.shared();

  static void savePreferences(String candidateId, String json) {
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body(json)
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(201);
  }

  /** The local time in UTC of {@code at}, to the minute: how quiet hours are written. */
  static LocalTime utcMinute(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
  }

  /** Quiet hours (UTC) from an hour before {@code now} to two hours after, as preferences JSON. */
  static String quietHoursAround(Instant now) {
    return "\"quietHours\": {\"start\": \"%s\", \"end\": \"%s\"}"
        .formatted(
            utcMinute(now.minus(Duration.ofHours(1))), utcMinute(now.plus(Duration.ofHours(2))));
  }

  /** Makes the event's deliveries due at once, as if their hold or back-off had ended. */
  static void dueNow(EntityManager entityManager, String eventId) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update delivery set next_attempt_at = now() where event_id = :event")
                    .setParameter("event", eventId)
                    .executeUpdate());
  }

  @Test
  void aChannelThatCannotDeliverFallsBackToTheNextOne() {
    String candidateId = "cand-" + UUID.randomUUID();
    String chosenAddress = "chosen-" + candidateId + "@example.com";
    // SMS first, but no phone number: the SMS delivery fails for good, email takes over, to the
    // address the candidate chose rather than the one in the event.
    savePreferences(
        candidateId,
        """
        {"email": "%s", "channels": {"drafts": ["SMS", "EMAIL"]}}
        """
            .formatted(chosenAddress));
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com"));

    FollowUpDueDeliveryTest.awaitOneEmailTo(chosenAddress);
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> statuses(eventId), s -> s.equals(List.of("EMAIL SENT", "SMS FAILED")));
    assertThat(FollowUpDueDeliveryTest.emailsTo(candidateId + "@example.com")).isEmpty();
  }

  @Test
  void aStepDueInQuietHoursWaitsForTheirEnd() {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    Instant now = Instant.now();
    LocalTime end = utcMinute(now.plus(Duration.ofHours(2)));
    savePreferences(candidateId, "{\"timeZone\": \"Etc/UTC\", " + quietHoursAround(now) + "}");
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, address));

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> !statuses(eventId).isEmpty());
    Object[] row =
        DeliveryRows.of(entityManager, eventId, null, "status, next_attempt_at, attempts");
    assertThat(row[0]).isEqualTo("PENDING");
    Instant due = (Instant) row[1];
    assertThat(due.atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(end);
    assertThat(due).isAfter(now.plus(Duration.ofMinutes(100)));
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> FollowUpDueDeliveryTest.emailsTo(address).isEmpty());
  }

  @Test
  void aHeldReminderGoesWhereAndWhenTheCandidateSaysAtSendTime() {
    String candidateId = "cand-" + UUID.randomUUID();
    String first = candidateId + "@example.com";
    String later = "later-" + candidateId + "@example.com";
    savePreferences(
        candidateId, "{\"timeZone\": \"Etc/UTC\", " + quietHoursAround(Instant.now()) + "}");
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, first));
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> statuses(eventId), s -> s.equals(List.of("EMAIL PENDING")));

    // While it is held, the candidate changes their address and drops their quiet hours; the
    // hold then ends.
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"timeZone\": \"Etc/UTC\", \"email\": \"%s\"}".formatted(later))
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(200);
    dueNow(entityManager, eventId);

    FollowUpDueDeliveryTest.awaitOneEmailTo(later);
    assertThat(FollowUpDueDeliveryTest.emailsTo(first)).isEmpty();
  }

  /** "CHANNEL STATUS" of each delivery of an event, sorted. */
  private List<String> statuses(String eventId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select channel || ' ' || status from delivery where event_id = :event"
                            + " order by channel")
                    .setParameter("event", eventId)
                    .getResultList()
                    .stream()
                    .map(Object::toString)
                    .toList());
  }
}

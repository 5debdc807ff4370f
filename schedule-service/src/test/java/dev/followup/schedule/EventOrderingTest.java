package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Events about an interview that arrive out of order (replayed, retried) do not put its plan back:
 * an event older than the newest one applied (by CloudEvent time) changes nothing.
 */
@QuarkusTest
class EventOrderingTest {

  private static final String RESCHEDULED = "dev.followup.interview.rescheduled.v1";
  private static final String CANCELLED = "dev.followup.interview.cancelled.v1";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject EntityManager entityManager;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Test
  void anOlderRescheduleArrivingAfterANewerOneLeavesThePlanWhereTheNewerPutIt() {
    String interviewId = UUID.randomUUID().toString();
    complete(interviewId, now.minus(3, ChronoUnit.HOURS));
    List<Instant> planned = awaitCheckIns(interviewId, List.of());

    send(interviewId, RESCHEDULED, rescheduled(interviewId, 10), now.minus(1, ChronoUnit.HOURS));
    List<Instant> afterNewer = awaitCheckIns(interviewId, planned);

    String older =
        send(interviewId, RESCHEDULED, rescheduled(interviewId, 5), now.minus(2, ChronoUnit.HOURS));
    awaitProcessed(older);
    assertThat(pendingCheckIns(interviewId)).isEqualTo(afterNewer);
    assertThat(lastEventAt(interviewId)).isEqualTo(now.minus(1, ChronoUnit.HOURS));

    // An equal-or-newer move still applies.
    send(interviewId, RESCHEDULED, rescheduled(interviewId, 5), now.minus(1, ChronoUnit.HOURS));
    assertThat(awaitCheckIns(interviewId, afterNewer)).isNotEqualTo(planned);
  }

  @Test
  void aStaleCompletionAfterARescheduleDoesNotBringTheOldTimeBack() {
    String interviewId = UUID.randomUUID().toString();
    String completion = complete(interviewId, now.minus(3, ChronoUnit.HOURS));
    List<Instant> planned = awaitCheckIns(interviewId, List.of());
    send(interviewId, RESCHEDULED, rescheduled(interviewId, 10), now.minus(1, ChronoUnit.HOURS));
    List<Instant> moved = awaitCheckIns(interviewId, planned);

    // The same completion again under a new id (a replay through another path), older than the
    // move.
    String replay =
        send(
            interviewId,
            TestData.COMPLETED,
            completedJson(interviewId),
            now.minus(3, ChronoUnit.HOURS));
    awaitProcessed(replay);
    assertThat(replay).isNotEqualTo(completion);
    assertThat(pendingCheckIns(interviewId)).isEqualTo(moved);
  }

  @Test
  void aStaleCancellationDoesNotCancelAPlanMovedAfterIt() {
    String interviewId = UUID.randomUUID().toString();
    complete(interviewId, now.minus(3, ChronoUnit.HOURS));
    List<Instant> planned = awaitCheckIns(interviewId, List.of());
    send(interviewId, RESCHEDULED, rescheduled(interviewId, 10), now.minus(1, ChronoUnit.HOURS));
    List<Instant> moved = awaitCheckIns(interviewId, planned);

    String stale =
        send(interviewId, CANCELLED, cancelled(interviewId), now.minus(2, ChronoUnit.HOURS));
    awaitProcessed(stale);
    assertThat(pendingCheckIns(interviewId)).isEqualTo(moved);

    send(interviewId, CANCELLED, cancelled(interviewId), now);
    await().atMost(Duration.ofSeconds(30)).until(() -> pendingCheckIns(interviewId).isEmpty());
  }

  private String complete(String interviewId, Instant time) {
    return send(interviewId, TestData.COMPLETED, completedJson(interviewId), time);
  }

  private String completedJson(String interviewId) {
    return TestData.interviewCompletedJson(interviewId, "cand-" + interviewId);
  }

  /** The interview now ends {@code days} days ahead, at noon UTC. */
  private String rescheduled(String interviewId, int days) {
    Instant endsAt =
        now.plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
    return """
        {"interviewId": "%s", "endsAt": "%s", "timeZone": "UTC"}
        """
        .formatted(interviewId, endsAt.atOffset(ZoneOffset.UTC));
  }

  private static String cancelled(String interviewId) {
    return "{\"interviewId\": \"%s\"}".formatted(interviewId);
  }

  /** Sends the event with its CloudEvent time and returns its id. */
  private String send(String interviewId, String type, String json, Instant time) {
    String id = UUID.randomUUID().toString();
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          id,
          type,
          interviewId,
          json,
          Map.of("ce_time", time.toString()));
    }
    return id;
  }

  /** Waits until the pending check-ins differ from {@code before} (and exist) and returns them. */
  private List<Instant> awaitCheckIns(String interviewId, List<Instant> before) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> pendingCheckIns(interviewId),
            checkIns -> !checkIns.isEmpty() && !checkIns.equals(before));
  }

  private List<Instant> pendingCheckIns(String interviewId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select due_at from follow_up_step where interview_id = :id"
                            + " and kind = 'CHECK_IN' and status = 'PENDING' order by due_at")
                    .setParameter("id", UUID.fromString(interviewId))
                    .getResultList()
                    .stream()
                    .map(EventOrderingTest::instant)
                    .toList());
  }

  private Instant lastEventAt(String interviewId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                instant(
                    entityManager
                        .createNativeQuery(
                            "select last_event_at from planned_interview where interview_id = :id")
                        .setParameter("id", UUID.fromString(interviewId))
                        .getSingleResult()));
  }

  private void awaitProcessed(String eventId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () ->
                            ((Number)
                                        entityManager
                                            .createNativeQuery(
                                                "select count(*) from processed_event where event_id = :id")
                                            .setParameter("id", eventId)
                                            .getSingleResult())
                                    .intValue()
                                == 1));
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}

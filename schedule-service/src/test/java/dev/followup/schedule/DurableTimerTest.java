package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.schedule.application.TimerPoller;
import dev.followup.schedule.persistence.ClaimedStep;
import dev.followup.schedule.persistence.StepRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The timer table's guarantees, checked on the real PostgreSQL. */
@QuarkusTest
class DurableTimerTest {

  @Inject EntityManager entityManager;
  @Inject StepRepository steps;
  @Inject TimerPoller poller;

  @Test
  void stepLeftClaimedByACrashedInstanceFiresOnceItsLeaseHasRunOut() {
    UUID interviewId = insertInterview();
    UUID expired =
        insertStep(
            interviewId,
            "a",
            Instant.now().minusSeconds(60),
            "crashed",
            Instant.now().minusSeconds(1));
    UUID stillHeld =
        insertStep(
            interviewId,
            "b",
            Instant.now().minusSeconds(60),
            "alive",
            Instant.now().plusSeconds(300));

    awaitStatus(expired, "FIRED");
    assertThat(status(stillHeld)).isEqualTo("PENDING");
  }

  @Test
  void aStepThatFallsDueAfterItsWindowIsMarkedMissedNotFired() {
    UUID interviewId = insertInterview();
    // Due two days ago, its window (one day long) closed yesterday: the service was down.
    UUID late =
        insertStep(interviewId, "late", Instant.now().minus(2, ChronoUnit.DAYS), null, null);

    awaitStatus(late, "MISSED");
  }

  @Test
  void twoPollersRacingForTheSameDueStepsNeverClaimOneTwice() throws Exception {
    UUID interviewId = insertInterview();
    // Due in a minute: out of the background poller's way while the test claims by hand.
    Instant due = Instant.now().plusSeconds(60);
    java.util.Set<UUID> inserted = new java.util.HashSet<>();
    for (int i = 0; i < 40; i++) {
      inserted.add(insertStep(interviewId, "race-" + i, due, null, null));
    }
    Instant later = due.plusSeconds(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.Callable<List<UUID>> claimer =
          () ->
              QuarkusTransaction.requiringNew()
                  .call(
                      () ->
                          steps.claimDue("racer", later, Duration.ofSeconds(30), 25).stream()
                              .map(ClaimedStep::id)
                              .toList());
      var first = pool.submit(claimer);
      var second = pool.submit(claimer);
      List<UUID> a = first.get().stream().filter(inserted::contains).toList();
      List<UUID> b = second.get().stream().filter(inserted::contains).toList();
      assertThat(a).doesNotContainAnyElementsOf(b);
      assertThat(a.size() + b.size()).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stepNeverFiresBeforeItIsDue() {
    UUID interviewId = insertInterview();
    UUID future = insertStep(interviewId, "c", Instant.now().plus(1, ChronoUnit.HOURS), null, null);

    poller.fireDueSteps();

    assertThat(status(future)).isEqualTo("PENDING");
  }

  @Test
  void aClaimerFencedOutByANewerClaimCannotMarkTheStepFired() {
    UUID interviewId = insertInterview();
    // Due in a minute: out of the background poller's way while the test claims it by hand.
    Instant due = Instant.now().plusSeconds(60);
    UUID step = insertStep(interviewId, "d", due, null, null);
    Instant later = due.plusSeconds(1);

    List<ClaimedStep> first =
        QuarkusTransaction.requiringNew()
            .call(() -> steps.claimDue("stalled", later, Duration.ofMillis(1), 1000));
    ClaimedStep stalledClaim =
        first.stream().filter(s -> s.id().equals(step)).findFirst().orElseThrow();
    // The stalled instance's lease runs out and another instance claims the step.
    List<ClaimedStep> second =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    steps.claimDue("healthy", later.plusSeconds(1), Duration.ofSeconds(30), 1000));
    ClaimedStep healthyClaim =
        second.stream().filter(s -> s.id().equals(step)).findFirst().orElseThrow();

    // The batch form used by the poller obeys the fence too.
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> steps.markAllFired(List.of(stalledClaim), later.plusSeconds(2))))
        .isEmpty();
    boolean stalledMarked =
        QuarkusTransaction.requiringNew()
            .call(() -> steps.markFired(step, stalledClaim.fence(), later.plusSeconds(2)));
    boolean healthyMarked =
        QuarkusTransaction.requiringNew()
            .call(() -> steps.markFired(step, healthyClaim.fence(), later.plusSeconds(2)));

    assertThat(healthyClaim.fence()).isGreaterThan(stalledClaim.fence());
    assertThat(stalledMarked).isFalse();
    assertThat(healthyMarked).isTrue();
  }

  @Test
  void pollUsesThePartialIndexNotASequentialScan() {
    String plan =
        QueryPlans.explain(
            entityManager,
            "select id from follow_up_step where status = 'PENDING'"
                + " and due_at <= now() order by due_at limit 100");
    assertThat(plan).contains("follow_up_step_pending_due_idx").doesNotContain("Seq Scan");
  }

  private UUID insertInterview() {
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        """
                        insert into planned_interview (interview_id, opportunity_id, candidate_id,
                          candidate_name, candidate_email, candidate_time_zone, company, role,
                          ended_at, time_zone, created_at)
                        values (:id, 'opp-timer', 'cand-timer', 'Sam', 'sam@example.com', 'UTC',
                          'Acme', 'Engineer', now(), 'UTC', now())
                        """)
                    .setParameter("id", id)
                    .executeUpdate());
    return id;
  }

  private UUID insertStep(
      UUID interviewId, String recipient, Instant due, String claimedBy, Instant claimExpires) {
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        """
                        insert into follow_up_step (id, interview_id, opportunity_id, candidate_id,
                          kind, channel, rule, recipient_id, recipient_name, recipient_email,
                          recipient_topics, due_at, window_end, status, claimed_by,
                          claim_expires_at, fence, created_at)
                        values (:id, :interview, 'opp-timer', 'cand-timer', 'THANK_YOU_EMAIL',
                          'EMAIL',
                          'thank-you-same-day', :recipient, 'Dana', 'dana@acme.example',
                          array['billing'], :due, :windowEnd, 'PENDING', :claimedBy, :claimExpires,
                          3, now())
                        """)
                    .setParameter("id", id)
                    .setParameter("interview", interviewId)
                    .setParameter("recipient", recipient)
                    .setParameter("due", Timestamp.from(due))
                    .setParameter("windowEnd", Timestamp.from(due.plus(1, ChronoUnit.DAYS)))
                    .setParameter("claimedBy", claimedBy)
                    .setParameter(
                        "claimExpires", claimExpires == null ? null : Timestamp.from(claimExpires))
                    .executeUpdate());
    return id;
  }

  private String status(UUID step) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                (String)
                    entityManager
                        .createNativeQuery("select status from follow_up_step where id = :id")
                        .setParameter("id", step)
                        .getSingleResult());
  }

  private void awaitStatus(UUID step, String expected) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(status(step)).isEqualTo(expected));
  }
}

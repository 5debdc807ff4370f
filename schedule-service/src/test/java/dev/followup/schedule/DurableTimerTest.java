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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The timer table's guarantees, checked on the real PostgreSQL. */
@QuarkusTest
class DurableTimerTest {

  @Inject EntityManager entityManager;
  @Inject StepRepository steps;
  @Inject TimerPoller poller;

  /**
   * Earlier versions claimed a step by writing a lease into its row: a row left so by an instance
   * of such a version (during a rolling upgrade, say) is honoured until its lease runs out.
   */
  @Test
  void aLeaseWrittenIntoTheRowIsHonouredUntilItRunsOut() {
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
  void twoRoundsRacingForTheSameDueStepsNeverClaimOneTwice() throws Exception {
    UUID interviewId = insertInterview();
    // Due in a minute: out of the background poller's way while the test claims by hand.
    Instant due = Instant.now().plusSeconds(60);
    Set<UUID> inserted = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      inserted.add(insertStep(interviewId, "race-" + i, due, null, null));
    }
    Instant later = due.plusSeconds(1);
    // Both rounds hold their claims at once before they mark: the second claims while the first
    // holds its rows.
    CyclicBarrier bothClaimed = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<Set<UUID>> round =
          () ->
              QuarkusTransaction.requiringNew()
                  .call(
                      () -> {
                        List<ClaimedStep> claimed =
                            steps.claimDue("racer", later, Duration.ofSeconds(30), 25);
                        bothClaimed.await(20, TimeUnit.SECONDS);
                        return steps.markAllFired(claimed, later);
                      });
      Future<Set<UUID>> first = pool.submit(round);
      Future<Set<UUID>> second = pool.submit(round);
      List<UUID> a = first.get().stream().filter(inserted::contains).toList();
      List<UUID> b = second.get().stream().filter(inserted::contains).toList();
      assertThat(a).doesNotContainAnyElementsOf(b);
      assertThat(a.size() + b.size()).isEqualTo(40);
      assertThat(inserted).allSatisfy(step -> assertThat(status(step)).isEqualTo("FIRED"));
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
  void stepsFallingDueInTheNextSecondsFireOnceDueAndNoneEarly() {
    UUID interviewId = insertInterview();
    Instant start = Instant.now();
    List<UUID> soon = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      soon.add(insertStep(interviewId, "soon-" + i, start.plusMillis(1000 + 250L * i), null, null));
    }

    soon.forEach(step -> awaitStatus(step, "FIRED"));

    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        ((Number)
                                entityManager
                                    .createNativeQuery(
                                        "select count(*) from follow_up_step"
                                            + " where id = any(cast(:ids as uuid[]))"
                                            + " and fired_at < due_at")
                                    .setParameter(
                                        "ids",
                                        soon.stream()
                                            .map(UUID::toString)
                                            .collect(
                                                java.util.stream.Collectors.joining(",", "{", "}")))
                                    .getSingleResult())
                            .longValue()))
        .as("steps fired before their due instant")
        .isZero();
  }

  @Test
  void dueStepsAreClaimedEarliestFirst() {
    UUID interviewId = insertInterview();
    // Due in a minute: out of the background poller's way while the test claims by hand.
    Instant base = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
    List<Integer> offsets = List.of(7, 2, 9, 0, 5, 3, 8, 1, 6, 4);
    java.util.Map<UUID, Instant> dueOf = new java.util.HashMap<>();
    for (int offset : offsets) {
      Instant due = base.plusSeconds(offset);
      dueOf.put(insertStep(interviewId, "order-" + offset, due, null, null), due);
    }

    Instant later = base.plusSeconds(30);
    List<Instant> claimed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<ClaimedStep> round =
                      steps.claimDue("orderly", later, Duration.ofSeconds(30), 4);
                  steps.markAllFired(round, later);
                  return round.stream()
                      .map(ClaimedStep::id)
                      .filter(dueOf::containsKey)
                      .map(dueOf::get)
                      .sorted()
                      .toList();
                });

    assertThat(claimed)
        .containsExactly(base, base.plusSeconds(1), base.plusSeconds(2), base.plusSeconds(3));
  }

  @Test
  void aRoundStalledPastItsLeaseLosesItsClaimsAndCannotMarkThemFired() throws Exception {
    UUID interviewId = insertInterview();
    // Due in a minute: out of the background poller's way while the test claims it by hand.
    Instant due = Instant.now().plusSeconds(60);
    UUID step = insertStep(interviewId, "d", due, null, null);
    Instant later = due.plusSeconds(1);
    Duration lease = Duration.ofSeconds(2);

    CountDownLatch claimed = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // A round that claims the step and then stalls (a long GC pause, a frozen process) for twice
      // its lease before it marks it.
      Future<Set<UUID>> stalled =
          pool.submit(
              () ->
                  QuarkusTransaction.requiringNew()
                      .call(
                          () -> {
                            List<ClaimedStep> mine = steps.claimDue("stalled", later, lease, 1000);
                            assertThat(mine).extracting(ClaimedStep::id).contains(step);
                            claimed.countDown();
                            Thread.sleep(lease.multipliedBy(2).toMillis());
                            return steps.markAllFired(mine, later);
                          }));
      assertThat(claimed.await(20, TimeUnit.SECONDS)).isTrue();

      // While its lease holds, nobody else can claim the step, and the database names its holder.
      assertThat(claimAndFire("healthy", later)).doesNotContain(step);
      assertThat(heldBy("stalled")).contains(step);
      // Once the database has ended the stalled round's session, another round takes it.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> claimAndFire("healthy", later).contains(step));

      assertThat(status(step)).isEqualTo("FIRED");
      ExecutionException refused =
          org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, stalled::get);
      assertThat(refused).as("the stalled round's mark, refused by the database").isNotNull();
      assertThat(fence(step)).as("one mark, one move of the fence").isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStepWhoseFenceMovedSinceItsClaimIsNotMarkedFired() {
    UUID interviewId = insertInterview();
    Instant due = Instant.now().plusSeconds(60);
    UUID step = insertStep(interviewId, "e", due, null, null);
    Instant later = due.plusSeconds(1);

    Set<UUID> marked =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ClaimedStep claim =
                      steps.claimDue("claimer", later, Duration.ofSeconds(30), 1000).stream()
                          .filter(s -> s.id().equals(step))
                          .findFirst()
                          .orElseThrow();
                  entityManager
                      .createNativeQuery(
                          "update follow_up_step set fence = fence + 1 where id = ?1")
                      .setParameter(1, step)
                      .executeUpdate();
                  return steps.markAllFired(List.of(claim), later);
                });

    assertThat(marked).isEmpty();
    assertThat(status(step)).isEqualTo("PENDING");
  }

  /** One round by hand: claims what is due at {@code now} and marks it fired. */
  private Set<UUID> claimAndFire(String owner, Instant now) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                steps.markAllFired(steps.claimDue(owner, now, Duration.ofSeconds(30), 1000), now));
  }

  /** Pending steps locked by a transaction of a session named {@code owner}. */
  private List<UUID> heldBy(String owner) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select s.id from follow_up_step s join pg_stat_activity a"
                            + " on s.xmax = a.backend_xid"
                            + " where a.application_name = :owner and s.status = 'PENDING'",
                        UUID.class)
                    .setParameter("owner", owner)
                    .getResultList());
  }

  private long fence(UUID step) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery("select fence from follow_up_step where id = :id")
                            .setParameter("id", step)
                            .getSingleResult())
                    .longValue());
  }

  @Test
  void pollUsesThePartialIndexNotASequentialScan() {
    // The claim statement itself, its parameters (now, now, the batch size) written in.
    String claim =
        StepRepository.CLAIM
            .replaceFirst("\\?", "now()")
            .replaceFirst("\\?", "now()")
            .replaceFirst("\\?", "100");
    assertThat(claim).doesNotContain("?");
    String plan = QueryPlans.explain(entityManager, claim);
    assertThat(plan).contains("follow_up_step_pending_due_idx").doesNotContain("Seq Scan");
  }

  @Test
  void aCandidatesAndAnOpportunitysStepsAreFoundThroughTheirInterviewsNotAScan() {
    String ofCandidate =
        QueryPlans.explain(
            entityManager,
            "select id from follow_up_step where interview_id in (select interview_id from"
                + " planned_interview where candidate_id = 'c') and candidate_id = 'c'");
    String ofOpportunity =
        QueryPlans.explain(
            entityManager,
            "select id from follow_up_step where interview_id in (select interview_id from"
                + " planned_interview where opportunity_id = 'o') and opportunity_id = 'o'");
    assertThat(ofCandidate)
        .contains("planned_interview_candidate_idx", "follow_up_step_natural_key")
        .doesNotContain("Seq Scan");
    assertThat(ofOpportunity)
        .contains("planned_interview_opportunity_idx", "follow_up_step_natural_key")
        .doesNotContain("Seq Scan");
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

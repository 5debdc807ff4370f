package dev.followup.schedule.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.StepRepository;
import dev.followup.schedule.publishing.CloudEventPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Timer pollers built by hand, each on a clock of its own: once told to stop, one claims nothing
 * more, so that another instance fires the due steps without waiting for a lease to run out; and
 * one whose clock runs ahead fires nothing before the database's clock says it is due.
 */
@QuarkusTest
class TimerPollerTest {

  @Inject StepRepository steps;
  @Inject CloudEventPublisher publisher;
  @Inject PlanEvents planEvents;
  @Inject TimerConfig config;
  @Inject ScheduleMetrics metrics;
  @Inject EntityManager entityManager;

  @Test
  void aStoppedPollerClaimsNothingWhileARunningOneFiresTheSameStep() {
    // Due in half a minute: out of the service's own poller's way. The pollers of this test run
    // on a clock a second past it, the database's clock included.
    Instant due = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    UUID step = insertStep(due);
    Clock later = Clock.fixed(due.plusSeconds(1), ZoneOffset.UTC);

    TimerPoller stopped = pollerWithTheDatabaseOn(later);
    assertThat(stopped.stop(Duration.ofSeconds(5)))
        .as("no round was in progress, so stopping completes at once")
        .isTrue();
    assertThat(stopped.fireDueSteps()).isZero();
    assertThat(column(step, "status")).isEqualTo("PENDING");
    assertThat(column(step, "fence")).isEqualTo("0");

    assertThat(pollerWithTheDatabaseOn(later).fireDueSteps()).isPositive();
    assertThat(column(step, "status")).isEqualTo("FIRED");
  }

  @Test
  void aPollerWhoseClockRunsAheadFiresNothingTheDatabasesClockDoesNotCallDue() {
    // Due in half a minute by the database's clock (this machine's: the server runs here); the
    // poller's clock runs an hour ahead, as an instance's might when its time service fails.
    Instant due = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
    UUID step = insertStep(due);
    Clock anHourAhead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    TimerPoller ahead = new TimerPoller(steps, publisher, planEvents, config, metrics, anHourAhead);

    assertThat(ahead.fireDueSteps()).isZero();
    assertThat(column(step, "status")).isEqualTo("PENDING");
    assertThat(column(step, "fence")).isEqualTo("0");
  }

  /** A poller on {@code clock}, which stands for the database's clock too. */
  private TimerPoller pollerWithTheDatabaseOn(Clock clock) {
    return new TimerPoller(steps, publisher, planEvents, config, metrics, clock, clock::instant);
  }

  private UUID insertStep(Instant due) {
    UUID interviewId = UUID.randomUUID();
    UUID id = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              entityManager
                  .createNativeQuery(
                      """
                      insert into planned_interview (interview_id, opportunity_id, candidate_id,
                        candidate_name, candidate_email, candidate_time_zone, company, role,
                        ended_at, time_zone, created_at)
                      values (:id, 'opp-stop', 'cand-stop', 'Sam', 'sam@example.com', 'UTC',
                        'Acme', 'Engineer', now(), 'UTC', now())
                      """)
                  .setParameter("id", interviewId)
                  .executeUpdate();
              entityManager
                  .createNativeQuery(
                      """
                      insert into follow_up_step (id, interview_id, opportunity_id, candidate_id,
                        kind, channel, rule, recipient_id, recipient_name, recipient_email,
                        recipient_topics, due_at, window_end, status, fence, created_at)
                      values (:id, :interview, 'opp-stop', 'cand-stop', 'THANK_YOU_EMAIL',
                        'EMAIL', 'thank-you-same-day', 'dana', 'Dana', 'dana@acme.example',
                        array['billing'], :due, :windowEnd, 'PENDING', 0, now())
                      """)
                  .setParameter("id", id)
                  .setParameter("interview", interviewId)
                  .setParameter("due", Timestamp.from(due))
                  .setParameter("windowEnd", Timestamp.from(due.plus(1, ChronoUnit.DAYS)))
                  .executeUpdate();
            });
    return id;
  }

  private String column(UUID step, String column) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                String.valueOf(
                    entityManager
                        .createNativeQuery(
                            "select " + column + " from follow_up_step where id = :id")
                        .setParameter("id", step)
                        .getSingleResult()));
  }
}

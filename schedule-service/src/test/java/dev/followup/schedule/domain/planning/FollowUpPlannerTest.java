package dev.followup.schedule.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FollowUpPlannerTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private final FollowUpPlanner planner = new FollowUpPlanner(FollowUpPolicy.DEFAULT);

  private static CompletedInterview interview(ZonedDateTime endedAt, int interviewers) {
    return CompletedInterview.simple(
        "iv-1",
        endedAt.toInstant(),
        endedAt.getZone(),
        IntStream.range(0, interviewers)
            .mapToObj(
                i -> new Contact("p" + i, "Person " + i, endedAt.getZone(), List.of("topic " + i)))
            .toList());
  }

  /** A candidate in the interview's zone who never sleeps: only the thank-you rules apply. */
  private static CandidatePreferences awake(ZoneId zone) {
    return new CandidatePreferences(
        zone, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, true, false, CheckInPreset.BALANCED);
  }

  private List<PlannedStep> thankYous(FollowUpPlanner planner, CompletedInterview interview) {
    return planner.plan(interview, awake(interview.zone())).stream()
        .filter(s -> s.kind() == StepKind.THANK_YOU_EMAIL)
        .toList();
  }

  @Test
  void oneThankYouEmailPerInterviewer() {
    List<PlannedStep> plan =
        thankYous(planner, interview(ZonedDateTime.of(2026, 11, 24, 14, 0, 0, 0, NEW_YORK), 3));

    assertThat(plan)
        .extracting(PlannedStep::recipientKey)
        .containsExactlyInAnyOrder("p0", "p1", "p2");
    assertThat(plan).allSatisfy(step -> assertThat(step.action()).isEqualTo(Action.EMAIL));
    assertThat(plan).allSatisfy(step -> assertThat(step.channel()).isEqualTo(Channel.EMAIL));
  }

  @Test
  void afternoonInterviewIsThankedTheSameDay() {
    ZonedDateTime ended = ZonedDateTime.of(2026, 11, 24, 14, 0, 0, 0, NEW_YORK);

    PlannedStep step = thankYous(planner, interview(ended, 1)).get(0);

    assertThat(step.rule()).isEqualTo(FollowUpPlanner.RULE_THANK_YOU_SAME_DAY);
    assertThat(step.dueAt()).isEqualTo(ended.plusMinutes(30).toInstant());
    assertThat(step.windowEnd())
        .isEqualTo(LocalDate.of(2026, 11, 25).atStartOfDay(NEW_YORK).toInstant());
  }

  @ParameterizedTest(name = "ended {0} in {1} -> due {2} local next day")
  @CsvSource({
    // Late interview: next morning.
    "2026-11-24T17:45, America/New_York, 2026-11-25T08:00",
    "2026-11-24T23:50, America/New_York, 2026-11-25T08:00",
    // The night before spring-forward (8 March 2026 in the US): 08:00 EDT, not EST.
    "2026-03-07T19:00, America/New_York, 2026-03-08T08:00",
    // The night before fall-back in Europe (25 October 2026).
    "2026-10-24T20:00, Europe/Paris, 2026-10-25T08:00",
    // Southern hemisphere, clocks go back on 5 April 2026 in Sydney.
    "2026-04-04T18:30, Australia/Sydney, 2026-04-05T08:00",
  })
  void lateInterviewIsThankedTheNextMorningInTheInterviewZone(
      LocalDateTime endedLocal, String zone, LocalDateTime expectedDueLocal) {
    ZoneId zoneId = ZoneId.of(zone);

    PlannedStep step = thankYous(planner, interview(endedLocal.atZone(zoneId), 1)).get(0);

    assertThat(step.rule()).isEqualTo(FollowUpPlanner.RULE_THANK_YOU_NEXT_MORNING);
    assertThat(step.dueAt()).isEqualTo(expectedDueLocal.atZone(zoneId).toInstant());
    assertThat(step.dueAt().atZone(zoneId).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    assertThat(step.windowEnd().atZone(zoneId).toLocalTime()).isEqualTo(LocalTime.NOON);
  }

  @Test
  void aMorningThatFallsInADaylightSavingGapMovesForward() {
    ZoneId zone = ZoneId.of("America/Havana"); // Cuba changes its clocks at midnight.
    FollowUpPlanner atMidnight =
        new FollowUpPlanner(
            FollowUpPolicy.DEFAULT.withThankYouTiming(
                FollowUpPolicy.DEFAULT.thankYouDelay(),
                LocalTime.of(18, 0),
                LocalTime.MIDNIGHT,
                LocalTime.NOON));
    // Spring-forward in Havana: 8 March 2026, 00:00 does not exist.
    ZonedDateTime ended = ZonedDateTime.of(2026, 3, 7, 20, 0, 0, 0, zone);

    PlannedStep step = thankYous(atMidnight, interview(ended, 1)).get(0);

    assertThat(step.dueAt()).isAfter(ended.toInstant());
    assertThat(step.dueAt().atZone(zone).toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 8));
  }

  @Test
  void noReminderBeforeTheInterviewEndsPlusTheDelayAndTheWindowAlwaysFollows() {
    ZonedDateTime start = ZonedDateTime.of(2026, 3, 6, 0, 0, 0, 0, NEW_YORK);
    for (int quarter = 0; quarter < 4 * 24 * 4; quarter++) { // four days, every 15 minutes
      ZonedDateTime ended = start.plusMinutes(15L * quarter);
      PlannedStep step = thankYous(planner, interview(ended, 1)).get(0);
      Instant earliest = ended.plus(FollowUpPolicy.DEFAULT.thankYouDelay()).toInstant();
      assertThat(step.dueAt()).as("due for %s", ended).isAfterOrEqualTo(earliest);
      assertThat(step.windowEnd()).as("window for %s", ended).isAfter(step.dueAt());
    }
  }
}

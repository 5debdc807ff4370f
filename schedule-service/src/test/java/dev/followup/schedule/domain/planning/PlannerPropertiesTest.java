package dev.followup.schedule.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties every plan keeps, whatever the interview, the zones (daylight-saving ones in both
 * hemispheres, half-hour offsets, a zone that changes clocks at midnight) and the candidate's
 * choices.
 */
class PlannerPropertiesTest {

  private static final List<String> ZONES =
      List.of(
          "America/New_York",
          "America/Los_Angeles",
          "America/St_Johns",
          "America/Havana",
          "America/Sao_Paulo",
          "Europe/London",
          "Europe/Paris",
          "Africa/Casablanca",
          "Asia/Kolkata",
          "Asia/Tehran",
          "Australia/Sydney",
          "Australia/Lord_Howe",
          "Pacific/Auckland",
          "Pacific/Chatham",
          "UTC");

  private final FollowUpPolicy policy = FollowUpPolicy.DEFAULT;
  private final FollowUpPlanner planner = new FollowUpPlanner(policy);

  /** A case: the interview, and the candidate's preferences. */
  record Case(CompletedInterview interview, CandidatePreferences candidate) {}

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void nothingReachesTheCandidateInQuietHours(@ForAll("cases") Case c) {
    for (PlannedStep step : planner.plan(c.interview(), c.candidate())) {
      assertThat(
              Hours.isQuiet(
                  step.dueAt(),
                  c.candidate().zone(),
                  c.candidate().quietFrom(),
                  c.candidate().quietUntil()))
          .as("%s at %s", step.rule(), step.dueAt().atZone(c.candidate().zone()))
          .isFalse();
    }
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void callsFallInTheRecipientsBusinessHoursOnWorkingDays(@ForAll("cases") Case c) {
    for (PlannedStep step : planner.plan(c.interview(), c.candidate())) {
      if (step.action() == Action.CALL) {
        ZoneId zone = step.recipient().orElseThrow().zone();
        assertThat(
                Hours.isBusinessTime(
                    step.dueAt(),
                    zone,
                    policy.businessStart(),
                    policy.businessEnd(),
                    policy.workingDays()))
            .as("%s at %s", step.rule(), step.dueAt().atZone(zone))
            .isTrue();
      }
    }
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void exactlyOneThankYouPerInterviewer(@ForAll("cases") Case c) {
    List<PlannedStep> plan = planner.plan(c.interview(), c.candidate());
    for (Contact interviewer : c.interview().interviewers()) {
      assertThat(
              plan.stream()
                  .filter(
                      s ->
                          s.kind() == StepKind.THANK_YOU_EMAIL
                              || s.kind() == StepKind.THANK_YOU_CALL)
                  .filter(s -> s.recipientKey().equals(interviewer.id())))
          .hasSize(1);
    }
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void checkInsAreCappedSpacedAndOnlyWhenWelcome(@ForAll("cases") Case c) {
    List<PlannedStep> checkIns =
        planner.plan(c.interview(), c.candidate()).stream()
            .filter(s -> s.kind() == StepKind.CHECK_IN)
            .toList();
    CheckInPreset preset = c.candidate().checkIns();
    if (!c.interview().nextSteps().checkInsWelcome()) {
      assertThat(checkIns).isEmpty();
      return;
    }
    assertThat(checkIns).hasSizeLessThanOrEqualTo(preset.maximum());
    for (int i = 1; i < checkIns.size(); i++) {
      Duration gap = Duration.between(checkIns.get(i - 1).dueAt(), checkIns.get(i).dueAt());
      assertThat(gap).isGreaterThanOrEqualTo(Duration.ofDays(preset.minimumGapDays()));
    }
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void nothingBeforeTheInterviewEndsAndEveryWindowFollowsItsDueTime(@ForAll("cases") Case c) {
    for (PlannedStep step : planner.plan(c.interview(), c.candidate())) {
      assertThat(step.dueAt()).isAfterOrEqualTo(c.interview().endedAt());
      assertThat(step.windowEnd()).isAfter(step.dueAt());
    }
  }

  private static final List<LocalTime> QUARTER_HOURS =
      java.util.stream.IntStream.range(0, 96)
          .mapToObj(quarter -> LocalTime.of(quarter / 4, quarter % 4 * 15))
          .toList();

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ZoneId> zones = Arbitraries.of(ZONES).map(ZoneId::of);
    // Any minute of 2026 and 2027: both years' daylight-saving changes in every zone.
    Arbitrary<Instant> ends =
        Arbitraries.longs()
            .between(
                Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() / 60,
                Instant.parse("2027-12-31T00:00:00Z").getEpochSecond() / 60)
            .map(minute -> Instant.ofEpochSecond(minute * 60));
    Arbitrary<List<ZoneId>> interviewerZones = zones.list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<CandidatePreferences> candidates =
        Combinators.combine(
                zones,
                // Any quarter hour for either end: some end in the hour a clock change repeats or
                // skips.
                Arbitraries.integers().between(0, 95).map(QUARTER_HOURS::get),
                Arbitraries.integers().between(0, 95).map(QUARTER_HOURS::get),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.of(CheckInPreset.ALL))
            .as(
                (zone, from, until, emails, notes, preset) ->
                    new CandidatePreferences(zone, from, until, emails, notes, preset));
    Arbitrary<NextSteps> nextSteps =
        Combinators.combine(
                Arbitraries.integers().between(-3, 30).injectNull(0.5),
                Arbitraries.integers().between(-3, 30).injectNull(0.7),
                // One case in five: the employer asked to wait, or does not answer follow-ups.
                Arbitraries.integers().between(0, 4).map(i -> i == 0),
                Arbitraries.integers().between(0, 4).map(i -> i == 0))
            .as(
                (decision, call, wait, noAnswer) ->
                    new NextSteps(
                        Optional.ofNullable(decision)
                            .map(d -> LocalDate.of(2026, 6, 1).plusDays(d)),
                        Optional.ofNullable(call).map(d -> LocalDate.of(2026, 6, 1).plusDays(d)),
                        wait,
                        noAnswer));
    return Combinators.combine(
            ends, zones, interviewerZones, candidates, nextSteps, Arbitraries.of(true, false))
        .as(
            (end, zone, people, candidate, stated, finalRound) -> {
              List<Contact> interviewers = new ArrayList<>();
              for (int i = 0; i < people.size(); i++) {
                interviewers.add(
                    new Contact("p" + i, "Person " + i, people.get(i), List.of("t" + i)));
              }
              NextSteps shifted = shift(stated, end, zone);
              CompletedInterview interview =
                  new CompletedInterview(
                      "iv",
                      end,
                      zone,
                      interviewers,
                      Optional.empty(),
                      List.of(new Contact("ref", "Ref", candidate.zone(), List.of())),
                      shifted,
                      finalRound,
                      false);
              return new Case(interview, candidate);
            });
  }

  /** Stated dates are drawn relative to 1 June 2026; move them next to the interview. */
  private static NextSteps shift(NextSteps stated, Instant end, ZoneId zone) {
    LocalDate endDay = end.atZone(zone).toLocalDate();
    long offset = LocalDate.of(2026, 6, 1).until(endDay, java.time.temporal.ChronoUnit.DAYS);
    return new NextSteps(
        stated.expectedDecisionDate().map(d -> d.plusDays(offset)),
        stated.mayCallOn().map(d -> d.plusDays(offset)),
        stated.weWillContactYou(),
        stated.noFollowUpPolicy());
  }
}

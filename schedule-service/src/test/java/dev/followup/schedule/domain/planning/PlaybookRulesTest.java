package dev.followup.schedule.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The playbook's rules beyond the thank-you email, one example each. */
class PlaybookRulesTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private final FollowUpPlanner planner = new FollowUpPlanner(FollowUpPolicy.DEFAULT);

  // Tuesday 24 November 2026, 14:00 in London.
  private static final ZonedDateTime ENDED = ZonedDateTime.of(2026, 11, 24, 14, 0, 0, 0, LONDON);
  private static final Contact DANA = new Contact("dana", "Dana Lee", LONDON, List.of("billing"));
  private static final Contact ARI = new Contact("ari", "Ari Cohen", NEW_YORK, List.of("on-call"));
  private static final Contact REF = new Contact("ref", "Kim Park", LONDON, List.of());

  private static CompletedInterview interview(NextSteps nextSteps, boolean finalRound) {
    return new CompletedInterview(
        "iv",
        ENDED.toInstant(),
        LONDON,
        List.of(DANA, ARI),
        Optional.empty(),
        List.of(REF),
        nextSteps,
        finalRound,
        false);
  }

  private static CandidatePreferences candidate(CheckInPreset preset) {
    return CandidatePreferences.defaults(LONDON, FollowUpPolicy.DEFAULT).withCheckIns(preset);
  }

  private static List<PlannedStep> ofKind(List<PlannedStep> plan, StepKind kind) {
    return plan.stream().filter(s -> s.kind() == kind).toList();
  }

  @Test
  void firstCheckInComesSevenDaysAfterAtTenInTheContactsZoneByDefault() {
    List<PlannedStep> checkIns =
        ofKind(
            planner.plan(interview(NextSteps.NONE, false), candidate(CheckInPreset.BALANCED)),
            StepKind.CHECK_IN);

    assertThat(checkIns).hasSize(3);
    assertThat(checkIns.get(0).recipientKey()).isEqualTo("dana");
    assertThat(checkIns.get(0).dueAt())
        .isEqualTo(ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, LONDON).toInstant());
    assertThat(checkIns.get(0).rule()).isEqualTo(FollowUpPlanner.RULE_CHECK_IN_AFTER_DAYS);
    assertThat(checkIns)
        .extracting(PlannedStep::action)
        .containsExactly(Action.EMAIL, Action.CALL, Action.EMAIL);
    assertThat(checkIns).extracting(PlannedStep::sequence).containsExactly(1, 2, 3);
  }

  @Test
  void statedDecisionDateMovesTheFirstCheckInToTheNextWorkingMorning() {
    // Decision expected Friday 4 December: the morning after is a Saturday, so Monday.
    NextSteps stated =
        new NextSteps(Optional.of(LocalDate.of(2026, 12, 4)), Optional.empty(), false, false);

    PlannedStep first =
        ofKind(
                planner.plan(interview(stated, false), candidate(CheckInPreset.BALANCED)),
                StepKind.CHECK_IN)
            .get(0);

    assertThat(first.rule()).isEqualTo(FollowUpPlanner.RULE_CHECK_IN_AFTER_DECISION);
    ZonedDateTime due = first.dueAt().atZone(LONDON);
    assertThat(due.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(due.toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(due.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
  }

  @Test
  void mayCallOnDayIsKept() {
    NextSteps stated =
        new NextSteps(Optional.empty(), Optional.of(LocalDate.of(2026, 11, 27)), false, false);

    PlannedStep first =
        ofKind(
                planner.plan(interview(stated, false), candidate(CheckInPreset.BALANCED)),
                StepKind.CHECK_IN)
            .get(0);

    assertThat(first.rule()).isEqualTo(FollowUpPlanner.RULE_CHECK_IN_STATED_DAY);
    assertThat(first.dueAt().atZone(LONDON).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 27));
  }

  @Test
  void noCheckInsWhenTheEmployerAskedToWaitOrDoesNotAnswer() {
    NextSteps wait = new NextSteps(Optional.empty(), Optional.empty(), true, false);
    NextSteps policy = new NextSteps(Optional.empty(), Optional.empty(), false, true);

    for (NextSteps stated : List.of(wait, policy)) {
      List<PlannedStep> plan =
          planner.plan(interview(stated, false), candidate(CheckInPreset.PERSISTENT));
      assertThat(ofKind(plan, StepKind.CHECK_IN)).isEmpty();
      // Thank-yous still go.
      assertThat(ofKind(plan, StepKind.THANK_YOU_EMAIL)).hasSize(2);
    }
  }

  @Test
  void measuredPresetCallsOnceThenWritesOnceThenStops() {
    List<PlannedStep> checkIns =
        ofKind(
            planner.plan(interview(NextSteps.NONE, false), candidate(CheckInPreset.MEASURED)),
            StepKind.CHECK_IN);

    assertThat(checkIns).extracting(PlannedStep::action).containsExactly(Action.CALL, Action.EMAIL);
  }

  @Test
  void referencesAreAlertedOnlyAfterAFinalRound() {
    assertThat(
            ofKind(
                planner.plan(interview(NextSteps.NONE, true), candidate(CheckInPreset.BALANCED)),
                StepKind.ALERT_REFERENCE))
        .singleElement()
        .satisfies(step -> assertThat(step.recipientKey()).isEqualTo("ref"));
    assertThat(
            ofKind(
                planner.plan(interview(NextSteps.NONE, false), candidate(CheckInPreset.BALANCED)),
                StepKind.ALERT_REFERENCE))
        .isEmpty();
  }

  @Test
  void keepSearchingNudgeComesThreeDaysLaterToTheCandidateAlone() {
    PlannedStep nudge =
        ofKind(
                planner.plan(interview(NextSteps.NONE, false), candidate(CheckInPreset.BALANCED)),
                StepKind.KEEP_SEARCHING)
            .get(0);

    assertThat(nudge.recipient()).isEmpty();
    assertThat(nudge.action()).isEqualTo(Action.NONE);
    assertThat(nudge.dueAt().atZone(LONDON).toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 27));
  }

  @Test
  void aCandidateWhoDoesNotEmailCallsEachInterviewerTheNextWorkingDayInTheirBusinessHours() {
    CandidatePreferences caller =
        new CandidatePreferences(
            LONDON, LocalTime.of(21, 0), LocalTime.of(8, 0), false, false, CheckInPreset.BALANCED);

    List<PlannedStep> calls =
        ofKind(planner.plan(interview(NextSteps.NONE, false), caller), StepKind.THANK_YOU_CALL);

    assertThat(calls).hasSize(2);
    PlannedStep toAri =
        calls.stream().filter(s -> s.recipientKey().equals("ari")).findFirst().orElseThrow();
    ZonedDateTime inNewYork = toAri.dueAt().atZone(NEW_YORK);
    assertThat(inNewYork.toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 25));
    assertThat(inNewYork.toLocalTime()).isEqualTo(LocalTime.of(10, 0));
    assertThat(toAri.action()).isEqualTo(Action.CALL);
  }

  @Test
  void mailedNotesArePlannedWhenWantedAndMustGoWithin48Hours() {
    CandidatePreferences writer =
        new CandidatePreferences(
            LONDON, LocalTime.of(21, 0), LocalTime.of(8, 0), true, true, CheckInPreset.BALANCED);

    List<PlannedStep> notes =
        ofKind(planner.plan(interview(NextSteps.NONE, false), writer), StepKind.MAILED_NOTE);

    assertThat(notes).hasSize(2);
    assertThat(notes)
        .allSatisfy(
            note ->
                assertThat(note.windowEnd()).isEqualTo(ENDED.toInstant().plusSeconds(48 * 3600)));
    assertThat(notes).allSatisfy(note -> assertThat(note.action()).isEqualTo(Action.POST));
  }

  @Test
  void aReplyStartsTheCheckInsAgainFromTheAnswerCountingThoseAlreadyMade() {
    Instant replied = ZonedDateTime.of(2026, 12, 3, 15, 0, 0, 0, LONDON).toInstant();

    List<PlannedStep> again =
        planner.checkInsAfterReply(
            interview(NextSteps.NONE, false),
            candidate(CheckInPreset.BALANCED),
            replied,
            Optional.empty(),
            1,
            Optional.empty());

    assertThat(again).extracting(PlannedStep::sequence).containsExactly(2, 3);
    assertThat(again.get(0).dueAt()).isAfter(replied.plusSeconds(6 * 86400));
    assertThat(again.get(0).rule()).isEqualTo(FollowUpPlanner.RULE_CHECK_IN_AFTER_REPLY);
  }

  @Test
  void aReplyNeverBringsACheckInCloserThanThePresetsGapToTheLastOneMade() {
    // The answer of 3 December arrives (or arrives again) after the check-in of 10 December was
    // made: from the answer alone the next would be due on 10 December, at once.
    Instant replied = ZonedDateTime.of(2026, 12, 3, 15, 0, 0, 0, LONDON).toInstant();
    Instant made = ZonedDateTime.of(2026, 12, 10, 10, 0, 0, 0, LONDON).toInstant();

    List<PlannedStep> again =
        planner.checkInsAfterReply(
            interview(NextSteps.NONE, false),
            candidate(CheckInPreset.BALANCED),
            replied,
            Optional.empty(),
            2,
            Optional.of(made));

    assertThat(again).extracting(PlannedStep::sequence).containsExactly(3);
    assertThat(again.get(0).dueAt())
        .isAfterOrEqualTo(made.plus(Duration.ofDays(CheckInPreset.BALANCED.minimumGapDays())));
  }

  @Test
  void aReplyNamingADateWaitsForIt() {
    Instant replied = ZonedDateTime.of(2026, 12, 3, 15, 0, 0, 0, LONDON).toInstant();

    List<PlannedStep> again =
        planner.checkInsAfterReply(
            interview(NextSteps.NONE, false),
            candidate(CheckInPreset.BALANCED),
            replied,
            Optional.of(LocalDate.of(2026, 12, 15)),
            0,
            Optional.empty());

    assertThat(again.get(0).dueAt().atZone(LONDON).toLocalDate())
        .isEqualTo(LocalDate.of(2026, 12, 15));
  }
}

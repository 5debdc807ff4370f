package dev.followup.schedule.domain.planning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a completed interview into its plan of follow-up steps: the playbook, as plain Java with no
 * framework types, so that every rule can be tested on its own.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>A thank-you per interviewer: an email as soon as the interview is over, so that it lands
 *       the same day in the interviewer's zone, or at 08:00 the next morning when the interview
 *       ended too late for that; for a candidate who does not email, a call the next working day
 *       instead.
 *   <li>If the candidate wants them, a hand-written note per interviewer, posted within 48 hours.
 *   <li>Status check-ins with the hiring contact (the first interviewer when none is named): the
 *       first on the day the employer said the candidate may call, or the morning after the
 *       expected decision date, or some days after the interview; later ones at least the preset's
 *       gap apart, up to its cap, rotating between email and phone as the preset says. None when
 *       the employer asked the candidate to wait or does not answer follow-ups.
 *   <li>After a final round, or when references were asked for, an alert per reference.
 *   <li>A few days after, a nudge to keep searching.
 * </ul>
 *
 * <p>Cutting across them: calls and check-ins fall in the recipient's business hours on working
 * days, in the recipient's zone; nothing reaches the candidate in their quiet hours; both hold
 * across daylight-saving changes because every local time goes through the zone's rules. When a
 * recipient's business hours never meet the candidate's waking hours, a call becomes an email.
 */
public final class FollowUpPlanner {

  public static final String RULE_THANK_YOU_SAME_DAY = "thank-you-same-day";
  public static final String RULE_THANK_YOU_NEXT_MORNING = "thank-you-next-morning";
  public static final String RULE_THANK_YOU_CALL = "thank-you-call-next-day";
  public static final String RULE_THANK_YOU_NO_COMMON_HOURS = "thank-you-email-no-common-hours";
  public static final String RULE_MAILED_NOTE = "mailed-note-within-48h";
  public static final String RULE_CHECK_IN_STATED_DAY = "check-in-on-stated-day";
  public static final String RULE_CHECK_IN_AFTER_DECISION = "check-in-after-decision-date";
  public static final String RULE_CHECK_IN_AFTER_DAYS = "check-in-after-days";
  public static final String RULE_CHECK_IN_AFTER_REPLY = "check-in-after-reply";
  public static final String RULE_CHECK_IN_REPEAT = "check-in-repeat";
  public static final String RULE_ALERT_REFERENCE = "alert-reference-after-final-round";
  public static final String RULE_KEEP_SEARCHING = "keep-searching";

  /** How long a check-in stays worth doing after it falls due, at most. */
  private static final Duration CHECK_IN_WINDOW = Duration.ofDays(3);

  /** How long a nudge or an alert stays worth doing after it falls due. */
  private static final Duration NUDGE_WINDOW = Duration.ofDays(2);

  private final FollowUpPolicy policy;

  public FollowUpPlanner(FollowUpPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public FollowUpPolicy policy() {
    return policy;
  }

  /** The whole plan for one interview, in due order. */
  public List<PlannedStep> plan(CompletedInterview interview, CandidatePreferences candidate) {
    List<PlannedStep> steps = new ArrayList<>();
    for (Contact interviewer : interview.interviewers()) {
      PlannedStep thankYou =
          candidate.sendsThankYouEmails()
              ? thankYouEmail(interview, interviewer, candidate)
              : thankYouCall(interview, interviewer, candidate);
      steps.add(thankYou);
      if (candidate.wantsMailedNotes()) {
        steps.add(mailedNote(interview, interviewer, candidate, thankYou.dueAt()));
      }
    }
    steps.addAll(firstCheckIns(interview, candidate));
    if (interview.finalRound() || interview.referencesRequested()) {
      for (Contact reference : interview.references()) {
        steps.add(referenceAlert(interview, reference, candidate));
      }
    }
    steps.add(keepSearching(interview, candidate));
    return inDueOrder(steps);
  }

  /**
   * Check-ins planned again after the employer answered at {@code repliedAt}: the first waits for
   * the date the employer named, or the preset's delay after the answer, and never comes sooner
   * than the preset's minimum gap after the last check-in made ({@code lastMade}): an answer that
   * arrives late, or the same answer told twice, does not bring a check-in right after the one just
   * made. {@code alreadyDone} check-ins count against the cap.
   */
  public List<PlannedStep> checkInsAfterReply(
      CompletedInterview interview,
      CandidatePreferences candidate,
      Instant repliedAt,
      Optional<LocalDate> nextContactDate,
      int alreadyDone,
      Optional<Instant> lastMade) {
    if (!interview.nextSteps().checkInsWelcome()) {
      return List.of();
    }
    Contact contact = interview.checkInContact();
    CheckInPreset preset = candidate.checkIns();
    Instant fromAnswer =
        nextContactDate
            .map(date -> at(date, contact))
            .filter(at -> at.isAfter(repliedAt))
            .orElseGet(() -> daysLater(repliedAt, contact, preset.firstAfterDays()));
    Instant first =
        lastMade
            .map(made -> later(fromAnswer, made.plus(Duration.ofDays(preset.minimumGapDays()))))
            .orElse(fromAnswer);
    return checkIns(candidate, contact, preset, first, alreadyDone + 1, RULE_CHECK_IN_AFTER_REPLY);
  }

  private PlannedStep thankYouEmail(
      CompletedInterview interview, Contact interviewer, CandidatePreferences candidate) {
    ZonedDateTime ended = interview.endedAt().atZone(interviewer.zone());
    ZonedDateTime reminder = ended.plus(policy.thankYouDelay());
    LocalDate interviewDay = ended.toLocalDate();

    Instant due;
    Instant windowEnd;
    String rule;
    boolean sameDay =
        reminder.toLocalDate().equals(interviewDay)
            && reminder.toLocalTime().isBefore(policy.sameDayCutoff());
    if (sameDay) {
      due = reminder.toInstant();
      windowEnd = interviewDay.plusDays(1).atStartOfDay(interviewer.zone()).toInstant();
      rule = RULE_THANK_YOU_SAME_DAY;
    } else {
      // Too late today: first thing the next morning, before the interviewers have moved on.
      LocalDate nextDay = interviewDay.plusDays(1);
      Instant morning =
          nextDay.atTime(policy.nextMorningAt()).atZone(interviewer.zone()).toInstant();
      due = later(morning, reminder.toInstant());
      windowEnd =
          nextDay.atTime(policy.nextMorningWindowEnd()).atZone(interviewer.zone()).toInstant();
      rule = RULE_THANK_YOU_NEXT_MORNING;
    }
    Instant awake = awake(due, candidate);
    return new PlannedStep(
        StepKind.THANK_YOU_EMAIL,
        Optional.of(interviewer),
        Action.EMAIL,
        1,
        Channel.EMAIL,
        awake,
        // A candidate asleep when the note should go out writes it on waking: a late note still
        // beats none.
        later(windowEnd, awake.plus(hours(4))),
        rule);
  }

  private PlannedStep thankYouCall(
      CompletedInterview interview, Contact interviewer, CandidatePreferences candidate) {
    LocalDate nextDay = interview.endedAt().atZone(interviewer.zone()).toLocalDate().plusDays(1);
    Instant preferred = nextDay.atTime(policy.callAt()).atZone(interviewer.zone()).toInstant();
    Optional<Instant> slot = Hours.forCall(preferred, interviewer.zone(), policy, candidate);
    if (slot.isEmpty()) {
      Instant due = awake(preferred, candidate);
      return new PlannedStep(
          StepKind.THANK_YOU_EMAIL,
          Optional.of(interviewer),
          Action.EMAIL,
          1,
          Channel.EMAIL,
          due,
          due.plus(NUDGE_WINDOW),
          RULE_THANK_YOU_NO_COMMON_HOURS);
    }
    Instant due = slot.get();
    return new PlannedStep(
        StepKind.THANK_YOU_CALL,
        Optional.of(interviewer),
        Action.CALL,
        1,
        Channel.PUSH,
        due,
        Hours.endOfBusinessDay(due, interviewer.zone(), policy.businessEnd()),
        RULE_THANK_YOU_CALL);
  }

  private PlannedStep mailedNote(
      CompletedInterview interview,
      Contact interviewer,
      CandidatePreferences candidate,
      Instant thankYouDue) {
    Instant due = awake(thankYouDue.plus(policy.mailedNoteDelay()), candidate);
    Instant windowEnd = interview.endedAt().plus(policy.mailedNoteWithin());
    return new PlannedStep(
        StepKind.MAILED_NOTE,
        Optional.of(interviewer),
        Action.POST,
        1,
        Channel.EMAIL,
        due,
        later(windowEnd, due.plus(hours(12))),
        RULE_MAILED_NOTE);
  }

  private List<PlannedStep> firstCheckIns(
      CompletedInterview interview, CandidatePreferences candidate) {
    if (!interview.nextSteps().checkInsWelcome()) {
      return List.of();
    }
    Contact contact = interview.checkInContact();
    CheckInPreset preset = candidate.checkIns();
    Instant earliest = interview.endedAt().plus(Duration.ofDays(1));
    NextSteps stated = interview.nextSteps();

    Optional<Instant> onStatedDay =
        stated.mayCallOn().map(date -> at(date, contact)).filter(at -> !at.isBefore(earliest));
    if (onStatedDay.isPresent()) {
      return checkIns(candidate, contact, preset, onStatedDay.get(), 1, RULE_CHECK_IN_STATED_DAY);
    }
    Optional<Instant> afterDecision =
        stated
            .expectedDecisionDate()
            .map(date -> at(date.plusDays(1), contact))
            .filter(at -> !at.isBefore(earliest));
    if (afterDecision.isPresent()) {
      return checkIns(
          candidate, contact, preset, afterDecision.get(), 1, RULE_CHECK_IN_AFTER_DECISION);
    }
    return checkIns(
        candidate,
        contact,
        preset,
        daysLater(interview.endedAt(), contact, preset.firstAfterDays()),
        1,
        RULE_CHECK_IN_AFTER_DAYS);
  }

  /**
   * Check-ins from {@code firstSequence} up to the preset's cap. Each falls in the contact's
   * business hours and the candidate's waking hours; the next is looked for no sooner than the
   * preset's gap after the previous one, so no two are ever closer than that.
   */
  private List<PlannedStep> checkIns(
      CandidatePreferences candidate,
      Contact contact,
      CheckInPreset preset,
      Instant first,
      int firstSequence,
      String firstRule) {
    List<PlannedStep> steps = new ArrayList<>();
    Instant notBefore = first;
    for (int sequence = firstSequence; sequence <= preset.maximum(); sequence++) {
      Action action = preset.actionOf(sequence);
      String rule = sequence == firstSequence ? firstRule : RULE_CHECK_IN_REPEAT;
      Optional<Instant> slot = Hours.forCall(notBefore, contact.zone(), policy, candidate);
      Instant due;
      if (slot.isPresent()) {
        due = slot.get();
      } else {
        // The contact's office hours are the candidate's night: write instead of calling.
        due = awake(notBefore, candidate);
        action = Action.EMAIL;
      }
      Instant windowEnd = due.plus(min(CHECK_IN_WINDOW, Duration.ofDays(preset.minimumGapDays())));
      steps.add(
          new PlannedStep(
              StepKind.CHECK_IN,
              Optional.of(contact),
              action,
              sequence,
              action == Action.CALL ? Channel.PUSH : Channel.EMAIL,
              due,
              windowEnd,
              rule));
      notBefore = due.plus(Duration.ofDays(preset.minimumGapDays()));
    }
    return steps;
  }

  private PlannedStep referenceAlert(
      CompletedInterview interview, Contact reference, CandidatePreferences candidate) {
    Instant due = awake(interview.endedAt().plus(policy.referenceAlertDelay()), candidate);
    return new PlannedStep(
        StepKind.ALERT_REFERENCE,
        Optional.of(reference),
        Action.EMAIL,
        1,
        Channel.EMAIL,
        due,
        due.plus(NUDGE_WINDOW),
        RULE_ALERT_REFERENCE);
  }

  private PlannedStep keepSearching(CompletedInterview interview, CandidatePreferences candidate) {
    LocalDate day =
        interview
            .endedAt()
            .atZone(candidate.zone())
            .toLocalDate()
            .plusDays(policy.keepSearchingAfterDays());
    Instant due =
        awake(day.atTime(policy.nudgeAt()).atZone(candidate.zone()).toInstant(), candidate);
    return new PlannedStep(
        StepKind.KEEP_SEARCHING,
        Optional.empty(),
        Action.NONE,
        1,
        Channel.PUSH,
        due,
        due.plus(NUDGE_WINDOW),
        RULE_KEEP_SEARCHING);
  }

  /** {@code days} days after {@code from}, at the policy's call time, where the contact is. */
  private Instant daysLater(Instant from, Contact contact, int days) {
    return at(from.atZone(contact.zone()).toLocalDate().plusDays(days), contact);
  }

  /** The policy's call time on {@code date}, or on the next working day if it is not one. */
  private Instant at(LocalDate date, Contact contact) {
    LocalDate day = date;
    while (!policy.workingDays().contains(day.getDayOfWeek())) {
      day = day.plusDays(1);
    }
    return day.atTime(policy.callAt()).atZone(contact.zone()).toInstant();
  }

  private static Instant awake(Instant instant, CandidatePreferences candidate) {
    return Hours.afterQuietHours(
        instant, candidate.zone(), candidate.quietFrom(), candidate.quietUntil());
  }

  private static List<PlannedStep> inDueOrder(List<PlannedStep> steps) {
    return steps.stream()
        .sorted(Comparator.comparing(PlannedStep::dueAt).thenComparing(PlannedStep::kind))
        .toList();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration hours(long hours) {
    return Duration.ofHours(hours);
  }
}

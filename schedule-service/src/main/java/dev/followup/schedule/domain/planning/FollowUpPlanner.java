package dev.followup.schedule.domain.planning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Turns a completed interview into its plan of follow-up steps. Plain Java with no framework types,
 * so every rule can be tested on its own.
 *
 * <p>Rules implemented so far (see the playbook): one thank-you email per interviewer, sent as soon
 * as the interview is over so that it lands the same day, or the next morning when the interview
 * ended too late for that. "Same day" and "next morning" are the interviewers' day, measured in the
 * zone where the interview took place, so daylight-saving changes are handled by {@link
 * ZonedDateTime}.
 */
public final class FollowUpPlanner {

  public static final String RULE_THANK_YOU_SAME_DAY = "thank-you-same-day";
  public static final String RULE_THANK_YOU_NEXT_MORNING = "thank-you-next-morning";

  private final FollowUpPolicy policy;

  public FollowUpPlanner(FollowUpPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The plan for one interview: steps in the order the interviewers were listed. */
  public List<PlannedStep> plan(CompletedInterview interview) {
    return interview.interviewers().stream()
        .map(interviewer -> thankYouEmail(interview, interviewer))
        .toList();
  }

  private PlannedStep thankYouEmail(
      CompletedInterview interview, CompletedInterview.Interviewer interviewer) {
    ZonedDateTime ended = interview.endedAt().atZone(interview.zone());
    ZonedDateTime reminder = ended.plus(policy.thankYouDelay());
    LocalDate interviewDay = ended.toLocalDate();

    boolean sameDay =
        reminder.toLocalDate().equals(interviewDay)
            && reminder.toLocalTime().isBefore(policy.sameDayCutoff());
    if (sameDay) {
      Instant endOfDay = interviewDay.plusDays(1).atStartOfDay(interview.zone()).toInstant();
      return new PlannedStep(
          StepKind.THANK_YOU_EMAIL,
          interviewer.id(),
          Channel.EMAIL,
          reminder.toInstant(),
          endOfDay,
          RULE_THANK_YOU_SAME_DAY);
    }
    // Too late today: first thing the next morning, before the interviewers have moved on.
    // atZone resolves a time in a daylight-saving gap forward, never to an earlier instant.
    LocalDate nextDay = interviewDay.plusDays(1);
    Instant morning = nextDay.atTime(policy.nextMorningAt()).atZone(interview.zone()).toInstant();
    Instant due = morning.isAfter(reminder.toInstant()) ? morning : reminder.toInstant();
    Instant windowEnd =
        nextDay.atTime(policy.nextMorningWindowEnd()).atZone(interview.zone()).toInstant();
    return new PlannedStep(
        StepKind.THANK_YOU_EMAIL,
        interviewer.id(),
        Channel.EMAIL,
        due,
        windowEnd,
        RULE_THANK_YOU_NEXT_MORNING);
  }
}

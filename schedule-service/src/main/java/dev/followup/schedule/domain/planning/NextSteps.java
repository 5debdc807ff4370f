package dev.followup.schedule.domain.planning;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What the interviewers said would happen next.
 *
 * @param expectedDecisionDate the day a decision is expected; the first check-in waits until the
 *     morning after it
 * @param mayCallOn the day the candidate may call if nothing was heard ("if I don't hear by Friday
 *     morning, may I call?")
 * @param weWillContactYou the employer asked the candidate to wait: no check-ins
 * @param noFollowUpPolicy the employer does not answer follow-ups: no check-ins
 */
public record NextSteps(
    Optional<LocalDate> expectedDecisionDate,
    Optional<LocalDate> mayCallOn,
    boolean weWillContactYou,
    boolean noFollowUpPolicy) {

  public static final NextSteps NONE =
      new NextSteps(Optional.empty(), Optional.empty(), false, false);

  /** Whether the employer welcomes status check-ins at all. */
  public boolean checkInsWelcome() {
    return !weWillContactYou && !noFollowUpPolicy;
  }
}

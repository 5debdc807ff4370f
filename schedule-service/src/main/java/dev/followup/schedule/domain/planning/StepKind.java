package dev.followup.schedule.domain.planning;

/** What the candidate is reminded to do. */
public enum StepKind {
  /** Email a thank-you note to one interviewer. */
  THANK_YOU_EMAIL
}

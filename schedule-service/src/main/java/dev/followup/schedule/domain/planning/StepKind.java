package dev.followup.schedule.domain.planning;

/** What the candidate is reminded to do. */
public enum StepKind {
  /** Email a thank-you note to one interviewer. */
  THANK_YOU_EMAIL,
  /** Post a hand-written note to one interviewer. */
  MAILED_NOTE,
  /** Call one interviewer to thank them, for a candidate who does not email. */
  THANK_YOU_CALL,
  /** Ask the hiring contact where the decision stands. */
  CHECK_IN,
  /** Tell one reference to expect a call from the employer. */
  ALERT_REFERENCE,
  /** Keep applying elsewhere while waiting. */
  KEEP_SEARCHING
}

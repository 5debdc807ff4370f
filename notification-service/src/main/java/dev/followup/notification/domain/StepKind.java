package dev.followup.notification.domain;

/** What the candidate should do when a follow-up step falls due. */
public enum StepKind {
  /** Email a thank-you to one interviewer, the same day. */
  THANK_YOU_EMAIL,
  /** Post a hand-written thank-you note to one interviewer. */
  MAILED_NOTE,
  /** Call one interviewer to thank them. */
  THANK_YOU_CALL,
  /** Ask the hiring contact where the decision stands. */
  CHECK_IN,
  /** Tell one reference to expect a call from the employer. */
  ALERT_REFERENCE,
  /** Keep applying elsewhere while waiting. */
  KEEP_SEARCHING
}

package dev.followup.notification.domain;

/** What the candidate should do when a follow-up step falls due. */
public enum StepKind {
  /** Write to one interviewer to thank them, the same day. */
  THANK_YOU_EMAIL
}

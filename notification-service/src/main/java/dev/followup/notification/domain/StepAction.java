package dev.followup.notification.domain;

/** How the candidate acts on a due step. */
public enum StepAction {
  /** Write an email. */
  EMAIL,
  /** Make a call. */
  CALL,
  /** Post a letter. */
  POST,
  /** Nothing to send: a nudge. */
  NONE
}

package dev.followup.schedule.domain.planning;

/** How the candidate acts on a step. */
public enum Action {
  /** Write an email. */
  EMAIL,
  /** Make a phone call: only in the recipient's business hours. */
  CALL,
  /** Post a letter. */
  POST,
  /** Nothing to send: a nudge to the candidate. */
  NONE
}

package dev.followup.interview.domain;

/** Whether an opportunity is still being pursued. */
public enum OpportunityStatus {
  /** In progress: interviews, follow-ups and check-ins go on. */
  OPEN,
  /** Put aside by the candidate without an outcome; nothing is planned while it is on hold. */
  ON_HOLD,
  /** Over: an outcome other than an offer was recorded. */
  CLOSED
}

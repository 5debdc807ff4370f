package dev.followup.schedule.persistence;

/** Life of a follow-up step's timer. */
public enum StepStatus {
  /** Waiting for its due instant (possibly claimed by a poller right now). */
  PENDING,
  /** Published as FollowUpDue. */
  FIRED,
  /** Will not fire. */
  CANCELLED
}

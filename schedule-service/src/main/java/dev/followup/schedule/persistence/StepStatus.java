package dev.followup.schedule.persistence;

/** Life of a follow-up step's timer. */
public enum StepStatus {
  /** Waiting for its due instant (possibly claimed by a poller right now). */
  PENDING,
  /** Published as FollowUpDue. */
  FIRED,
  /** The candidate did it. */
  DONE,
  /** The candidate chose not to do it. */
  SKIPPED,
  /** Fell due when it was no longer worth doing (after downtime, past its window). */
  MISSED,
  /** Will not fire: the outcome is known, the interview was cancelled, or it was re-planned. */
  CANCELLED
}

package dev.followup.interview.domain;

/** Where an interview stands in its life. */
public enum InterviewStatus {
  /** Recorded, not yet held or not yet marked as done. */
  SCHEDULED,
  /** Held and marked as done by the candidate: follow-ups can be planned. */
  COMPLETED,
  /** Called off before it was held: nothing is planned for it. */
  CANCELLED
}

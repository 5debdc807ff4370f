package dev.followup.interview.domain;

/** How an opportunity ended, or the offer that is on the table. */
public enum Outcome {
  /** An offer was made; the opportunity stays open until it is accepted or declined. */
  OFFER,
  REJECTED,
  POSITION_FILLED,
  /** The candidate withdrew (or declined the offer). */
  WITHDRAWN,
  /** The candidate accepted an offer: the retention period of the documents starts. */
  ACCEPTED;

  /** Whether the opportunity is over once this outcome is recorded. */
  public boolean closes() {
    return this != OFFER;
  }
}

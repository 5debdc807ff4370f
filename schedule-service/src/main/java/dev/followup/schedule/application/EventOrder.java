package dev.followup.schedule.application;

import java.time.Instant;

/**
 * Which interview events may still change an interview's plan when events arrive out of order (a
 * replay, a retry, partitions read at different speeds).
 *
 * <p>The rule: each planned interview remembers when the newest event applied to it happened (the
 * CloudEvent {@code time}, or the occurred-at of the event's data when the record has no usable
 * {@code time}). An event about the interview that happened <em>before</em> that is stale and
 * changes nothing; an event at the same instant or later applies. An event whose time is unknown
 * applies, as before this rule existed: there is nothing to compare it with, and refusing it would
 * lose real changes from producers that send no time.
 *
 * <p>Which events it covers, and why:
 *
 * <ul>
 *   <li>{@code InterviewRescheduled}: the time it names is the newest one only if the event is; an
 *       older move delivered after a newer one would put the plan back to the stale time.
 *   <li>{@code InterviewCompleted}: re-plans from the facts it carries, including the end time; a
 *       stale completion (replayed after a reschedule or a cancellation) would bring the old time
 *       or cancelled steps back.
 *   <li>{@code InterviewCancelled}: a cancellation older than a move or completion applied after it
 *       describes a state the interview has left.
 *   <li>Not {@code OutcomeRecorded} or {@code CandidateErased}: both are final whatever arrives
 *       around them (a closed opportunity and an erased candidate already make later completions
 *       plan nothing), so they always apply, and they do not move an interview's clock.
 *   <li>Not {@code EmployerReplied}: it concerns the opportunity, not one interview, and re-plans
 *       check-ins from its own {@code repliedAt}; it neither checks nor moves an interview's clock,
 *       so that it cannot make a genuine later reschedule look stale.
 * </ul>
 */
public final class EventOrder {

  private EventOrder() {}

  /**
   * Whether an event that happened at {@code occurredAt} comes too late for an interview whose
   * newest applied event happened at {@code lastApplied}; either may be unknown (null).
   */
  public static boolean isStale(Instant occurredAt, Instant lastApplied) {
    return occurredAt != null && lastApplied != null && occurredAt.isBefore(lastApplied);
  }

  /** The interview's newest applied event time once an event at {@code occurredAt} applied. */
  public static Instant applied(Instant lastApplied, Instant occurredAt) {
    if (occurredAt == null) {
      return lastApplied;
    }
    return lastApplied == null || occurredAt.isAfter(lastApplied) ? occurredAt : lastApplied;
  }
}

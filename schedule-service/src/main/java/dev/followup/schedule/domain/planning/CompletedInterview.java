package dev.followup.schedule.domain.planning;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts of a held interview that planning depends on.
 *
 * @param endedAt when the interview ended
 * @param zone where it took place: the interviewers' day is measured there
 * @param interviewers the people met, in the order the candidate listed them
 * @param hiringContact who status check-ins go to; the first interviewer when unknown
 * @param references the candidate's references, alerted after a final round
 * @param finalRound whether this was the last round
 * @param referencesRequested whether the employer asked for references
 */
public record CompletedInterview(
    String interviewId,
    Instant endedAt,
    ZoneId zone,
    List<Contact> interviewers,
    Optional<Contact> hiringContact,
    List<Contact> references,
    NextSteps nextSteps,
    boolean finalRound,
    boolean referencesRequested) {

  public CompletedInterview {
    Objects.requireNonNull(interviewId, "interviewId");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(hiringContact, "hiringContact");
    Objects.requireNonNull(nextSteps, "nextSteps");
    interviewers = List.copyOf(interviewers);
    references = List.copyOf(references);
    if (interviewers.isEmpty()) {
      throw new IllegalArgumentException("An interview has at least one interviewer");
    }
  }

  /** An interview with only interviewers known: no stated next steps, no references. */
  public static CompletedInterview simple(
      String interviewId, Instant endedAt, ZoneId zone, List<Contact> interviewers) {
    return new CompletedInterview(
        interviewId,
        endedAt,
        zone,
        interviewers,
        Optional.empty(),
        List.of(),
        NextSteps.NONE,
        false,
        false);
  }

  /** Who check-ins go to. */
  public Contact checkInContact() {
    return hiringContact.orElse(interviewers.get(0));
  }
}

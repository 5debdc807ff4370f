package dev.followup.schedule.domain.planning;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The facts of a held interview that planning depends on.
 *
 * @param endedAt when the interview ended
 * @param zone where it took place: the interviewers' day is measured there
 * @param candidateZone where the candidate is
 * @param interviewers the people met, in the order the candidate listed them
 */
public record CompletedInterview(
    String interviewId,
    Instant endedAt,
    ZoneId zone,
    ZoneId candidateZone,
    List<Interviewer> interviewers) {

  public CompletedInterview {
    Objects.requireNonNull(interviewId, "interviewId");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(candidateZone, "candidateZone");
    interviewers = List.copyOf(interviewers);
  }

  /** A person met at the interview; {@code id} is stable across re-deliveries of the event. */
  public record Interviewer(String id, String name, String email, List<String> topics) {
    public Interviewer {
      Objects.requireNonNull(id, "id");
      topics = List.copyOf(topics);
    }
  }
}

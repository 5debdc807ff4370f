package dev.followup.interview.api;

import dev.followup.interview.persistence.Candidate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The candidate's profile as the API shows it. */
@Schema(name = "Candidate")
public record CandidateView(
    @Schema(description = "The id the platform gives the candidate (the token's subject)")
        String id,
    String name,
    String email,
    String phone,
    String timeZone,
    String locale,
    long version) {

  static CandidateView of(Candidate candidate) {
    return new CandidateView(
        candidate.id,
        candidate.name,
        candidate.email,
        candidate.phone,
        candidate.timeZone,
        candidate.locale,
        candidate.version);
  }
}

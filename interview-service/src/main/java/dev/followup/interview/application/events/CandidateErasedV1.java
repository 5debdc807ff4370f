package dev.followup.interview.application.events;

import java.time.Instant;

/**
 * Data of {@code dev.followup.candidate.erased.v1}: the candidate's data was erased at their
 * request; every consumer erases what it holds about them. Schema: {@code
 * schemas/candidate.erased.v1.json}.
 */
public record CandidateErasedV1(String tenantId, String candidateId, Instant erasedAt) {

  public static final String TYPE = "dev.followup.candidate.erased.v1";
}

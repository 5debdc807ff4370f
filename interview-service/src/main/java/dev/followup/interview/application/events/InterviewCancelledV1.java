package dev.followup.interview.application.events;

import java.time.Instant;

/**
 * Data of {@code dev.followup.interview.cancelled.v1}: an interview was called off before it was
 * held. Schema: {@code schemas/interview.cancelled.v1.json}.
 */
public record InterviewCancelledV1(
    String tenantId,
    String candidateId,
    String opportunityId,
    String interviewId,
    Instant cancelledAt) {

  public static final String TYPE = "dev.followup.interview.cancelled.v1";
}

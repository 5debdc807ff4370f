package dev.followup.interview.application.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * Data of {@code dev.followup.interview.rescheduled.v1}: a scheduled interview moved. Schema:
 * {@code schemas/interview.rescheduled.v1.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterviewRescheduledV1(
    String tenantId,
    String candidateId,
    String opportunityId,
    String interviewId,
    OffsetDateTime startsAt,
    OffsetDateTime endsAt,
    String timeZone) {

  public static final String TYPE = "dev.followup.interview.rescheduled.v1";
}

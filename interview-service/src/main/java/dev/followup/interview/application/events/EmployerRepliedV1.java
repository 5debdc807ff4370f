package dev.followup.interview.application.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Data of {@code dev.followup.opportunity.employer-replied.v1}: the employer answered; pending
 * check-ins are planned again from this answer. Schema: {@code
 * schemas/opportunity.employer-replied.v1.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmployerRepliedV1(
    String tenantId,
    String candidateId,
    String opportunityId,
    Instant repliedAt,
    LocalDate nextContactDate,
    String summary) {

  public static final String TYPE = "dev.followup.opportunity.employer-replied.v1";
}

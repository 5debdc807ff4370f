package dev.followup.interview.application.events;

import java.time.Instant;

/**
 * Data of {@code dev.followup.opportunity.outcome-recorded.v1}: how an opportunity ended, or that
 * an offer was made. Schema: {@code schemas/opportunity.outcome-recorded.v1.json}.
 */
public record OutcomeRecordedV1(
    String tenantId, String candidateId, String opportunityId, String outcome, Instant recordedAt) {

  public static final String TYPE = "dev.followup.opportunity.outcome-recorded.v1";
}

package dev.followup.interview.api;

import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.domain.Outcome;
import dev.followup.interview.persistence.Opportunity;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An opportunity as the API shows it. */
@Schema(name = "Opportunity")
public record OpportunityView(
    UUID id,
    String company,
    String role,
    OpportunityStatus status,
    Document jobDescription,
    Outcome outcome,
    Instant outcomeRecordedAt,
    Instant createdAt,
    long version) {

  /** A stored text document. */
  @Schema(name = "StoredDocument")
  public record Document(String content, String contentType) {}

  static OpportunityView of(Opportunity opportunity) {
    return new OpportunityView(
        opportunity.id,
        opportunity.company,
        opportunity.role,
        opportunity.status,
        opportunity.jobDescription == null
            ? null
            : new Document(opportunity.jobDescription, opportunity.jobDescriptionType),
        opportunity.outcome,
        opportunity.outcomeRecordedAt,
        opportunity.createdAt,
        opportunity.version);
  }
}

package dev.followup.interview.api;

import dev.followup.interview.application.Commands;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /opportunities}. */
@Schema(name = "NewOpportunity")
public record OpportunityRequest(
    @NotBlank @Size(max = 200) @Schema(examples = "Acme Corp") String company,
    @NotBlank @Size(max = 200) @Schema(examples = "Backend engineer") String role,
    @Valid @Schema(description = "The job description, kept until the retention period ends")
        DocumentRequest jobDescription) {

  Commands.OpportunityDetails toDetails() {
    return new Commands.OpportunityDetails(
        company,
        role,
        jobDescription == null ? null : jobDescription.content(),
        jobDescription == null ? null : jobDescription.contentType());
  }
}

package dev.followup.interview.api;

import dev.followup.interview.application.Commands;
import dev.followup.interview.domain.OpportunityStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PATCH /opportunities/{id}}: the fields to change; absent ones stay. */
@Schema(name = "OpportunityChanges")
public record OpportunityPatchRequest(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*") @Schema(examples = "Acme Corp")
        String company,
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*") @Schema(examples = "Staff engineer")
        String role,
    @Schema(
            description = "OPEN or ON_HOLD; an outcome closes the opportunity",
            examples = "ON_HOLD")
        OpportunityStatus status,
    @Valid DocumentRequest jobDescription) {

  Commands.OpportunityChanges toChanges() {
    return new Commands.OpportunityChanges(
        company,
        role,
        status,
        jobDescription == null ? null : jobDescription.content(),
        jobDescription == null ? null : jobDescription.contentType());
  }
}

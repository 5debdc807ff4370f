package dev.followup.interview.api;

import jakarta.validation.Valid;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of {@code POST /interviews/{id}/completion}. */
@Schema(name = "Completion")
public record CompletionRequest(
    @Valid @Schema(description = "The next steps stated at the end of the interview, if any")
        InterviewRequest.NextStepsRequest nextSteps) {}

package dev.followup.interview.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A text document kept with a record, such as the job description. */
@Schema(name = "Document")
public record DocumentRequest(
    @NotNull @Size(max = 100_000) @Schema(examples = "We are looking for a backend engineer...")
        String content,
    @NotBlank
        @Pattern(regexp = Formats.TEXT_TYPE)
        @Schema(description = "text/plain, text/markdown or text/html", examples = "text/markdown")
        String contentType) {}

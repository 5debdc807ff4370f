package dev.followup.interview.api;

import dev.followup.interview.application.Commands;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT /candidate}: the candidate's profile. */
@Schema(name = "CandidateProfile")
public record CandidateRequest(
    @NotBlank @Size(max = 200) @Schema(examples = "Sam Rivera") String name,
    @NotBlank @Email @Size(max = 320) @Schema(examples = "sam@example.com") String email,
    @Size(max = 40) @Pattern(regexp = Formats.PHONE) @Schema(examples = "+1 312 555 0142")
        String phone,
    @NotNull @TimeZoneId @Schema(examples = "America/Chicago") String timeZone,
    @Size(max = 35) @Pattern(regexp = Formats.LANGUAGE_TAG) @Schema(examples = "en-US")
        String locale) {

  Commands.CandidateProfile toProfile() {
    return new Commands.CandidateProfile(
        name,
        email,
        phone,
        ZoneId.of(timeZone),
        locale == null ? null : Locale.forLanguageTag(locale));
  }
}

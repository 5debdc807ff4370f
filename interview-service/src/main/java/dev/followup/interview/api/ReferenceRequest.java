package dev.followup.interview.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.followup.interview.application.Commands;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /references} and {@code PUT /references/{id}}. */
@Schema(name = "Reference", description = "A reference; an email address or a phone is needed")
public record ReferenceRequest(
    @NotBlank @Size(max = 200) @Schema(examples = "Jordan Blake") String name,
    @Email @Size(max = 320) @Schema(examples = "jordan.blake@example.com") String email,
    @Size(max = 40) @Pattern(regexp = Formats.PHONE) @Schema(examples = "+44 20 7946 0958")
        String phone,
    @NotBlank @Size(max = 200) @Schema(examples = "Former manager at Initech") String relation) {

  @JsonIgnore
  @AssertTrue(message = "an email address or a phone number is needed")
  @Schema(hidden = true)
  public boolean isReachable() {
    return (email != null && !email.isBlank()) || (phone != null && !phone.isBlank());
  }

  Commands.ReferenceDetails toDetails() {
    return new Commands.ReferenceDetails(name, email, phone, relation);
  }
}

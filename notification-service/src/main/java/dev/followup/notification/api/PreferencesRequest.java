package dev.followup.notification.api;

import dev.followup.notification.domain.Channel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a candidate wants to be reminded. Every field is optional; absent ones take defaults. */
@Schema(name = "Preferences")
public record PreferencesRequest(
    @Schema(description = "Address for email reminders; the interview's address when absent")
        @Email
        @Size(max = 320)
        String email,
    @Schema(
            description = "Mobile number for SMS, international form; stored in E.164",
            examples = "+14155550123")
        @PhoneNumber
        String phone,
    @Schema(description = "IANA zone of the quiet hours", examples = "Europe/Paris") @TimeZoneId
        String timeZone,
    @Schema(
            description =
                "BCP 47 language tag of the candidate; default en. Reminders are written in en"
                    + " (English) and es (Spanish). Any other well-formed tag is accepted and"
                    + " stored as given: it gets its language when that is one of these (es-MX"
                    + " gets es) and English otherwise, and the language it will get when added."
                    + " A malformed tag is a 400 problem naming the field.",
            examples = "es-MX")
        @LanguageTag
        String locale,
    @Schema(description = "Local hours with no reminder; they are held until the end") @Valid
        QuietHours quietHours,
    @Schema(description = "Channels to try in order for each sort of reminder") @Valid
        Channels channels,
    @Schema(
            description =
                "Whether reminder emails are off (the one-click unsubscribe link in every email"
                    + " turns them off); false turns them back on; absent leaves it as it is")
        Boolean emailUnsubscribed) {

  /** From {@code start} to {@code end}, local time; may span midnight. */
  @Schema(name = "QuietHours")
  public record QuietHours(
      @Schema(examples = "22:00") @NotNull LocalTime start,
      @Schema(examples = "07:30") @NotNull LocalTime end) {}

  /**
   * The channels for each sort of reminder, in order: the first that can deliver is used, the next
   * if it fails for good.
   */
  @Schema(name = "Channels")
  public record Channels(
      @Schema(description = "Thank-you emails, mailed notes, check-in emails; default [EMAIL]")
          @Size(min = 1, max = 3)
          List<@NotNull Channel> drafts,
      @Schema(description = "Calls to make; default [PUSH, SMS]") @Size(min = 1, max = 3)
          List<@NotNull Channel> calls,
      @Schema(description = "Nudges: reference alerts, keep searching; default [PUSH]")
          @Size(min = 1, max = 3)
          List<@NotNull Channel> nudges) {

    @AssertTrue(message = "must not name a channel twice in one list")
    @Schema(hidden = true)
    public boolean isWithoutRepeats() {
      return distinct(drafts) && distinct(calls) && distinct(nudges);
    }

    private static boolean distinct(List<Channel> channels) {
      return channels == null || new HashSet<>(channels).size() == channels.size();
    }
  }
}

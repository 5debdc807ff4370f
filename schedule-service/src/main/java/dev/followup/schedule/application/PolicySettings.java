package dev.followup.schedule.application;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.followup.schedule.domain.planning.CandidatePreferences;
import dev.followup.schedule.domain.planning.CheckInPreset;
import dev.followup.schedule.domain.planning.FollowUpPolicy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.LocalTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Settings that override the configured policy, every one optional: a tenant's apply to all its
 * candidates, a candidate's to that candidate alone (and win over the tenant's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PolicySettings")
public record PolicySettings(
    @Schema(description = "Check-in preset", examples = "measured")
        @Pattern(regexp = "(?i)persistent|balanced|measured|patient")
        String checkIns,
    @Schema(examples = "22:00") LocalTime quietFrom,
    @Schema(examples = "07:30") LocalTime quietUntil,
    Boolean sendsThankYouEmails,
    Boolean wantsMailedNotes,
    @Schema(description = "Minutes after the interview for the thank-you reminder", examples = "45")
        @Min(0)
        @Max(720)
        Integer thankYouDelayMinutes,
    @Schema(examples = "09:00") LocalTime businessStart,
    @Schema(examples = "17:30") LocalTime businessEnd,
    @Schema(examples = "10:00") LocalTime callAt,
    @Min(1) @Max(30) Integer keepSearchingAfterDays) {

  public static final PolicySettings NONE =
      new PolicySettings(null, null, null, null, null, null, null, null, null, null);

  /** The policy with these settings applied over it. */
  FollowUpPolicy applyTo(FollowUpPolicy policy) {
    return new FollowUpPolicy(
        thankYouDelayMinutes == null
            ? policy.thankYouDelay()
            : Duration.ofMinutes(thankYouDelayMinutes),
        policy.sameDayCutoff(),
        policy.nextMorningAt(),
        policy.nextMorningWindowEnd(),
        policy.mailedNoteDelay(),
        policy.mailedNoteWithin(),
        or(businessStart, policy.businessStart()),
        or(businessEnd, policy.businessEnd()),
        policy.workingDays(),
        or(callAt, policy.callAt()),
        checkIns == null ? policy.checkIns() : CheckInPreset.named(checkIns),
        policy.referenceAlertDelay(),
        or(keepSearchingAfterDays, policy.keepSearchingAfterDays()),
        policy.nudgeAt(),
        or(quietFrom, policy.quietFrom()),
        or(quietUntil, policy.quietUntil()));
  }

  /**
   * Whether these settings change the policy itself (times and hours the planner uses), beyond what
   * the candidate's preferences hold.
   */
  boolean shapesThePolicy() {
    return thankYouDelayMinutes != null
        || businessStart != null
        || businessEnd != null
        || callAt != null
        || keepSearchingAfterDays != null;
  }

  /** The candidate's preferences with these settings applied over them. */
  CandidatePreferences applyTo(CandidatePreferences preferences) {
    return new CandidatePreferences(
        preferences.zone(),
        or(quietFrom, preferences.quietFrom()),
        or(quietUntil, preferences.quietUntil()),
        or(sendsThankYouEmails, preferences.sendsThankYouEmails()),
        or(wantsMailedNotes, preferences.wantsMailedNotes()),
        checkIns == null ? preferences.checkIns() : CheckInPreset.named(checkIns));
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}

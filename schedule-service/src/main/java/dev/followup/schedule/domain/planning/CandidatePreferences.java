package dev.followup.schedule.domain.planning;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the candidate chose.
 *
 * @param zone where the candidate is: quiet hours are measured there
 * @param quietFrom start of the candidate's quiet hours (local time); no reminder goes out in them.
 *     May be later than {@code quietUntil}: the hours then span midnight
 * @param quietUntil end of the quiet hours (local time); equal to {@code quietFrom} for none
 * @param sendsThankYouEmails false for a candidate who thanks by phone instead
 * @param wantsMailedNotes whether to plan a hand-written note per interviewer as well
 * @param checkIns how insistent the check-ins are
 */
public record CandidatePreferences(
    ZoneId zone,
    LocalTime quietFrom,
    LocalTime quietUntil,
    boolean sendsThankYouEmails,
    boolean wantsMailedNotes,
    CheckInPreset checkIns) {

  public CandidatePreferences {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(quietFrom, "quietFrom");
    Objects.requireNonNull(quietUntil, "quietUntil");
    Objects.requireNonNull(checkIns, "checkIns");
  }

  /** The policy's defaults for a candidate in {@code zone}. */
  public static CandidatePreferences defaults(ZoneId zone, FollowUpPolicy policy) {
    return new CandidatePreferences(
        zone, policy.quietFrom(), policy.quietUntil(), true, false, policy.checkIns());
  }

  /** The same preferences with another check-in preset. */
  public CandidatePreferences withCheckIns(CheckInPreset preset) {
    return new CandidatePreferences(
        zone, quietFrom, quietUntil, sendsThankYouEmails, wantsMailedNotes, preset);
  }
}

package dev.followup.schedule.domain.planning;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The tunable part of the playbook: every time and count the planner uses.
 *
 * @param thankYouDelay how long after the interview the thank-you reminder goes out: long enough to
 *     be home, short enough to write while the conversation is fresh
 * @param sameDayCutoff a thank-you reminder that would come at or after this local time (where the
 *     interviewer is) is too late for the note to land that day: it moves to the next morning
 * @param nextMorningAt when a next-morning thank-you reminder goes out there
 * @param nextMorningWindowEnd until when a next-morning thank-you is still worth sending
 * @param mailedNoteDelay how long after the thank-you email the mailed-note reminder comes
 * @param mailedNoteWithin the note must be posted within this long after the interview
 * @param businessStart start of business hours, in the recipient's zone
 * @param businessEnd end of business hours, in the recipient's zone
 * @param workingDays the days calls are made on
 * @param callAt preferred time of day for calls and check-ins, in the recipient's zone
 * @param checkIns the default check-in preset
 * @param referenceAlertDelay how long after a final round the references are alerted
 * @param keepSearchingAfterDays days after the interview for the keep-searching nudge
 * @param nudgeAt time of day for nudges, in the candidate's zone
 * @param quietFrom default start of the candidate's quiet hours
 * @param quietUntil default end of the candidate's quiet hours
 */
public record FollowUpPolicy(
    Duration thankYouDelay,
    LocalTime sameDayCutoff,
    LocalTime nextMorningAt,
    LocalTime nextMorningWindowEnd,
    Duration mailedNoteDelay,
    Duration mailedNoteWithin,
    LocalTime businessStart,
    LocalTime businessEnd,
    Set<DayOfWeek> workingDays,
    LocalTime callAt,
    CheckInPreset checkIns,
    Duration referenceAlertDelay,
    int keepSearchingAfterDays,
    LocalTime nudgeAt,
    LocalTime quietFrom,
    LocalTime quietUntil) {

  /** The defaults the playbook describes. */
  public static final FollowUpPolicy DEFAULT =
      new FollowUpPolicy(
          Duration.ofMinutes(30),
          LocalTime.of(18, 0),
          LocalTime.of(8, 0),
          LocalTime.NOON,
          Duration.ofHours(2),
          Duration.ofHours(48),
          LocalTime.of(9, 0),
          LocalTime.of(17, 0),
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
          LocalTime.of(10, 0),
          CheckInPreset.BALANCED,
          Duration.ofHours(2),
          3,
          LocalTime.of(10, 0),
          LocalTime.of(21, 0),
          LocalTime.of(8, 0));

  public FollowUpPolicy {
    Objects.requireNonNull(thankYouDelay, "thankYouDelay");
    Objects.requireNonNull(sameDayCutoff, "sameDayCutoff");
    Objects.requireNonNull(nextMorningAt, "nextMorningAt");
    Objects.requireNonNull(nextMorningWindowEnd, "nextMorningWindowEnd");
    Objects.requireNonNull(mailedNoteDelay, "mailedNoteDelay");
    Objects.requireNonNull(mailedNoteWithin, "mailedNoteWithin");
    Objects.requireNonNull(businessStart, "businessStart");
    Objects.requireNonNull(businessEnd, "businessEnd");
    Objects.requireNonNull(callAt, "callAt");
    Objects.requireNonNull(checkIns, "checkIns");
    Objects.requireNonNull(referenceAlertDelay, "referenceAlertDelay");
    Objects.requireNonNull(nudgeAt, "nudgeAt");
    Objects.requireNonNull(quietFrom, "quietFrom");
    Objects.requireNonNull(quietUntil, "quietUntil");
    workingDays = Set.copyOf(workingDays);
    if (thankYouDelay.isNegative() || thankYouDelay.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("thankYouDelay must be between 0 and 12 hours");
    }
    if (!nextMorningAt.isBefore(nextMorningWindowEnd)) {
      throw new IllegalArgumentException("nextMorningAt must come before nextMorningWindowEnd");
    }
    if (!businessStart.isBefore(businessEnd)) {
      throw new IllegalArgumentException("businessStart must come before businessEnd");
    }
    if (workingDays.isEmpty()) {
      throw new IllegalArgumentException("At least one working day is needed");
    }
    if (mailedNoteWithin.compareTo(Duration.ofHours(12)) < 0) {
      throw new IllegalArgumentException("mailedNoteWithin must be at least 12 hours");
    }
    if (keepSearchingAfterDays < 1) {
      throw new IllegalArgumentException("keepSearchingAfterDays must be at least 1");
    }
  }

  /** The same policy with only the thank-you timing changed. */
  public FollowUpPolicy withThankYouTiming(
      Duration delay, LocalTime cutoff, LocalTime morning, LocalTime morningWindowEnd) {
    return new FollowUpPolicy(
        delay,
        cutoff,
        morning,
        morningWindowEnd,
        mailedNoteDelay,
        mailedNoteWithin,
        businessStart,
        businessEnd,
        workingDays,
        callAt,
        checkIns,
        referenceAlertDelay,
        keepSearchingAfterDays,
        nudgeAt,
        quietFrom,
        quietUntil);
  }
}

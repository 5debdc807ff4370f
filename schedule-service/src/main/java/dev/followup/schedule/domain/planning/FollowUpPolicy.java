package dev.followup.schedule.domain.planning;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;

/**
 * The tunable part of the playbook.
 *
 * @param thankYouDelay how long after the interview ends the thank-you reminder goes out: long
 *     enough to be home, short enough to write while the conversation is fresh
 * @param sameDayCutoff a reminder that would reach the candidate at or after this local time (in
 *     the interview's zone) is too late for the note to land the same day, so it moves to the next
 *     morning
 * @param nextMorningAt when the next-morning reminder goes out, local time of the interview's zone
 * @param nextMorningWindowEnd until when a next-morning thank-you is still worth sending
 */
public record FollowUpPolicy(
    Duration thankYouDelay,
    LocalTime sameDayCutoff,
    LocalTime nextMorningAt,
    LocalTime nextMorningWindowEnd) {

  /** The defaults the playbook describes. */
  public static final FollowUpPolicy DEFAULT =
      new FollowUpPolicy(
          Duration.ofMinutes(30), LocalTime.of(18, 0), LocalTime.of(8, 0), LocalTime.NOON);

  public FollowUpPolicy {
    Objects.requireNonNull(thankYouDelay, "thankYouDelay");
    Objects.requireNonNull(sameDayCutoff, "sameDayCutoff");
    Objects.requireNonNull(nextMorningAt, "nextMorningAt");
    Objects.requireNonNull(nextMorningWindowEnd, "nextMorningWindowEnd");
    if (thankYouDelay.isNegative() || thankYouDelay.compareTo(Duration.ofHours(12)) > 0) {
      throw new IllegalArgumentException("thankYouDelay must be between 0 and 12 hours");
    }
    if (!nextMorningAt.isBefore(nextMorningWindowEnd)) {
      throw new IllegalArgumentException("nextMorningAt must come before nextMorningWindowEnd");
    }
  }
}

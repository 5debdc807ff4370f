package dev.followup.schedule.domain.planning;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * Moving an instant forward to the next acceptable moment: outside someone's quiet hours, or inside
 * someone's business hours on a working day. Every rule is applied in that person's own zone
 * through {@link ZonedDateTime}, so daylight-saving changes are handled by the zone rules: a local
 * time that does not exist (a spring-forward gap) resolves later, never earlier.
 */
public final class Hours {

  /** How far ahead a slot suiting both the candidate and the recipient is looked for. */
  private static final int SEARCH_DAYS = 21;

  private Hours() {}

  /**
   * Whether {@code instant} falls in the quiet hours {@code [from, until)} local to {@code zone}.
   */
  public static boolean isQuiet(Instant instant, ZoneId zone, LocalTime from, LocalTime until) {
    if (from.equals(until)) {
      return false;
    }
    LocalTime local = instant.atZone(zone).toLocalTime();
    return from.isBefore(until)
        ? !local.isBefore(from) && local.isBefore(until)
        : !local.isBefore(from) || local.isBefore(until);
  }

  /** The first instant at or after {@code instant} outside the quiet hours. */
  public static Instant afterQuietHours(
      Instant instant, ZoneId zone, LocalTime from, LocalTime until) {
    Instant at = instant;
    // Where a spring-forward gap swallows the whole time between two quiet spells, the end of the
    // first is the start of the next: then it is the next one's end that counts.
    for (int spell = 0; spell < 3 && isQuiet(at, zone, from, until); spell++) {
      at = endOfQuietHours(at, zone, until);
    }
    return at;
  }

  /** The first instant after {@code instant}, which is in quiet hours, at which they end. */
  private static Instant endOfQuietHours(Instant instant, ZoneId zone, LocalTime until) {
    ZonedDateTime local = instant.atZone(zone);
    LocalDate endDate =
        local.toLocalTime().isBefore(until) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    ZonedDateTime localEnd = endDate.atTime(until).atZone(zone);
    Instant end = localEnd.toInstant();
    if (!end.isAfter(instant)) {
      // Clocks went back and the local end time comes twice: it is the second that ends the quiet
      // hours still under way (the first one is past).
      end = localEnd.withLaterOffsetAtOverlap().toInstant();
    }
    return end.isAfter(instant) ? end : endDate.plusDays(1).atTime(until).atZone(zone).toInstant();
  }

  /** Whether {@code instant} falls in business hours on a working day, local to {@code zone}. */
  public static boolean isBusinessTime(
      Instant instant, ZoneId zone, LocalTime start, LocalTime end, Set<DayOfWeek> workingDays) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    return workingDays.contains(local.getDayOfWeek())
        && !time.isBefore(start)
        && time.isBefore(end);
  }

  /** The first instant at or after {@code instant} in business hours on a working day. */
  public static Instant inBusinessHours(
      Instant instant, ZoneId zone, LocalTime start, LocalTime end, Set<DayOfWeek> workingDays) {
    ZonedDateTime local = instant.atZone(zone);
    for (int day = 0; day <= 14; day++) {
      LocalDate date = local.toLocalDate().plusDays(day);
      if (!workingDays.contains(date.getDayOfWeek())) {
        continue;
      }
      Instant open = date.atTime(start).atZone(zone).toInstant();
      Instant close = date.atTime(end).atZone(zone).toInstant();
      Instant candidate = open.isAfter(instant) ? open : instant;
      if (candidate.isBefore(close)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("No working day within two weeks of " + instant);
  }

  /**
   * The first instant at or after {@code instant} in the recipient's business hours and outside the
   * candidate's quiet hours, if there is one within three weeks. Empty when the two never overlap
   * (say, a recipient whose whole working day is the candidate's night).
   */
  public static Optional<Instant> forCall(
      Instant instant,
      ZoneId recipientZone,
      FollowUpPolicy policy,
      CandidatePreferences candidate) {
    Instant limit = instant.plus(java.time.Duration.ofDays(SEARCH_DAYS));
    Instant at = instant;
    while (at.isBefore(limit)) {
      Instant business =
          inBusinessHours(
              at,
              recipientZone,
              policy.businessStart(),
              policy.businessEnd(),
              policy.workingDays());
      Instant awake =
          afterQuietHours(
              business, candidate.zone(), candidate.quietFrom(), candidate.quietUntil());
      if (awake.equals(business)) {
        return Optional.of(business);
      }
      at = awake;
    }
    return Optional.empty();
  }

  /** End of the business day that {@code instant} falls in, in {@code zone}. */
  public static Instant endOfBusinessDay(Instant instant, ZoneId zone, LocalTime end) {
    return instant.atZone(zone).toLocalDate().atTime(end).atZone(zone).toInstant();
  }
}

package dev.followup.notification.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The local hours in which the candidate wants no reminder, from {@code start} (inclusive) to
 * {@code end} (exclusive). Either may be the earlier: 22:00 to 07:00 spans midnight.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    if (start == null || end == null) {
      throw new IllegalArgumentException("Quiet hours need a start and an end");
    }
  }

  /**
   * When a reminder due at {@code now} may go out in {@code zone}: empty if {@code now} is outside
   * the quiet hours, else the instant they end: the first after {@code now} at which the local
   * clock shows {@code end}. A local end time that a daylight-saving gap skips moves forward by the
   * gap's length, as {@link ZonedDateTime#of} does. One that the clocks show twice, when they go
   * back, is the first of the two unless that one is already past: from the second 02:10, quiet
   * hours ending at 02:30 end at the second 02:30, not at the first, forty minutes before.
   */
  public Optional<Instant> deferral(Instant now, ZoneId zone) {
    if (start.equals(end)) {
      return Optional.empty();
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    LocalDate today = local.toLocalDate();
    LocalDate endDate;
    if (start.isBefore(end)) {
      if (time.isBefore(start) || !time.isBefore(end)) {
        return Optional.empty();
      }
      endDate = today;
    } else {
      if (!time.isBefore(start)) {
        endDate = today.plusDays(1);
      } else if (time.isBefore(end)) {
        endDate = today;
      } else {
        return Optional.empty();
      }
    }
    ZonedDateTime until = ZonedDateTime.of(endDate, end, zone);
    if (!until.toInstant().isAfter(now)) {
      until = until.withLaterOffsetAtOverlap();
    }
    return until.toInstant().isAfter(now) ? Optional.of(until.toInstant()) : Optional.empty();
  }
}

package dev.followup.schedule.domain.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Quiet hours across the nights the clocks change, where a local time comes twice or never. */
class HoursTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void quietHoursEndingInTheRepeatedHourHoldInItsFirstPass() {
    // Paris goes back from 03:00 CEST to 02:00 CET on 25 October 2026. 02:10 CEST is 00:10 UTC.
    Instant firstPass = Instant.parse("2026-10-25T00:10:00Z");

    Instant end = Hours.afterQuietHours(firstPass, PARIS, LocalTime.of(22, 0), LocalTime.of(2, 30));

    assertThat(end).isEqualTo(Instant.parse("2026-10-25T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void quietHoursEndingInTheRepeatedHourHoldInItsSecondPass() {
    // 02:10 CET, after the clocks went back: the local clock is inside 22:00 to 02:30 again.
    Instant secondPass = Instant.parse("2026-10-25T01:10:00Z");
    assertThat(Hours.isQuiet(secondPass, PARIS, LocalTime.of(22, 0), LocalTime.of(2, 30))).isTrue();

    Instant end =
        Hours.afterQuietHours(secondPass, PARIS, LocalTime.of(22, 0), LocalTime.of(2, 30));

    assertThat(end).isEqualTo(Instant.parse("2026-10-25T01:30:00Z")); // 02:30 CET
    assertThat(Hours.isQuiet(end, PARIS, LocalTime.of(22, 0), LocalTime.of(2, 30))).isFalse();
  }

  @Test
  void quietHoursEndingInTheRepeatedHourInNewYork() {
    // New York goes back from 02:00 EDT to 01:00 EST on 1 November 2026; quiet until 01:30.
    Instant firstPass = Instant.parse("2026-11-01T05:15:00Z"); // 01:15 EDT
    Instant secondPass = Instant.parse("2026-11-01T06:15:00Z"); // 01:15 EST

    assertThat(Hours.afterQuietHours(firstPass, NEW_YORK, LocalTime.of(23, 0), LocalTime.of(1, 30)))
        .isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(
            Hours.afterQuietHours(secondPass, NEW_YORK, LocalTime.of(23, 0), LocalTime.of(1, 30)))
        .isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
  }

  @Test
  void anEndTheSpringGapSkipsMovesForwardByTheGap() {
    // New York skips 02:00 to 03:00 on 8 March 2026: quiet until 02:30 ends at 03:30 EDT.
    Instant night = Instant.parse("2026-03-08T06:00:00Z"); // 01:00 EST

    Instant end = Hours.afterQuietHours(night, NEW_YORK, LocalTime.of(22, 0), LocalTime.of(2, 30));

    assertThat(end).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
  }

  @Test
  void whenTheGapSwallowsTheWholeWakingSpellTheNextOneCounts() {
    // Quiet from 03:15 to 02:15: awake only from 02:15 to 03:15, an hour New York skips on 8 March
    // 2026. The end of that night's quiet hours is the start of the next: awake the night after.
    Instant night = Instant.parse("2026-03-08T05:00:00Z"); // 00:00 EST

    Instant end = Hours.afterQuietHours(night, NEW_YORK, LocalTime.of(3, 15), LocalTime.of(2, 15));

    assertThat(Hours.isQuiet(end, NEW_YORK, LocalTime.of(3, 15), LocalTime.of(2, 15))).isFalse();
    assertThat(end).isEqualTo(Instant.parse("2026-03-09T06:15:00Z")); // 02:15 EDT, the next day
  }
}

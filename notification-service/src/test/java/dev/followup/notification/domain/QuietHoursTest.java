package dev.followup.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private final QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 30));

  @Test
  void overnightHoursHoldUntilTheNextMorning() {
    // 23:15 in Paris (UTC+1 in winter) is held until 07:30 the next day.
    assertThat(night.deferral(Instant.parse("2026-11-24T22:15:00Z"), PARIS))
        .contains(Instant.parse("2026-11-25T06:30:00Z"));
    // 03:00 is held until 07:30 the same day.
    assertThat(night.deferral(Instant.parse("2026-11-25T02:00:00Z"), PARIS))
        .contains(Instant.parse("2026-11-25T06:30:00Z"));
  }

  @Test
  void daytimeIsNotHeld() {
    assertThat(night.deferral(Instant.parse("2026-11-25T06:30:00Z"), PARIS)).isEmpty();
    assertThat(night.deferral(Instant.parse("2026-11-25T13:00:00Z"), PARIS)).isEmpty();
    assertThat(night.deferral(Instant.parse("2026-11-25T20:59:59Z"), PARIS)).isEmpty();
  }

  @Test
  void hoursWithinOneDay() {
    QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(14, 0));
    assertThat(lunch.deferral(Instant.parse("2026-11-25T11:30:00Z"), PARIS))
        .contains(Instant.parse("2026-11-25T13:00:00Z"));
    assertThat(lunch.deferral(Instant.parse("2026-11-25T13:00:00Z"), PARIS)).isEmpty();
  }

  @Test
  void theEndFollowsDaylightSavingTime() {
    // The night of 28 to 29 March 2026: Paris moves from UTC+1 to UTC+2 at 02:00.
    assertThat(night.deferral(Instant.parse("2026-03-28T23:00:00Z"), PARIS))
        .contains(Instant.parse("2026-03-29T05:30:00Z"));
    // An end inside the gap (02:30 does not exist that night) moves forward by the gap.
    QuietHours gap = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));
    assertThat(gap.deferral(Instant.parse("2026-03-29T00:30:00Z"), PARIS))
        .contains(Instant.parse("2026-03-29T01:30:00Z"));
  }

  @Test
  void anEndInTheRepeatedHourIsTheNextTimeTheClockShowsIt() {
    // 25 October 2026: Paris goes back from UTC+2 to UTC+1 at 03:00, so 02:00 to 03:00 comes twice.
    QuietHours paris = new QuietHours(LocalTime.of(22, 0), LocalTime.of(2, 30));
    // From the evening before and from the first 02:10, the first 02:30 (UTC+2) ends them.
    assertThat(paris.deferral(Instant.parse("2026-10-24T21:00:00Z"), PARIS))
        .contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(paris.deferral(Instant.parse("2026-10-25T00:10:00Z"), PARIS))
        .contains(Instant.parse("2026-10-25T00:30:00Z"));
    // Between the first 02:30 and the clocks going back, the clock shows no quiet time.
    assertThat(paris.deferral(Instant.parse("2026-10-25T00:45:00Z"), PARIS)).isEmpty();
    // From the second 02:10 (UTC+1), the first 02:30 is past: the second one ends them.
    assertThat(paris.deferral(Instant.parse("2026-10-25T01:10:00Z"), PARIS))
        .contains(Instant.parse("2026-10-25T01:30:00Z"));

    // 1 November 2026: New York goes back from UTC-4 to UTC-5 at 02:00, so 01:00 to 02:00 comes
    // twice.
    QuietHours newYork = new QuietHours(LocalTime.of(23, 0), LocalTime.of(1, 30));
    assertThat(newYork.deferral(Instant.parse("2026-11-01T05:10:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-01T05:30:00Z"));
    assertThat(newYork.deferral(Instant.parse("2026-11-01T06:10:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-01T06:30:00Z"));
  }

  @Test
  void equalStartAndEndMeanNoQuietHours() {
    QuietHours none = new QuietHours(LocalTime.NOON, LocalTime.NOON);
    assertThat(none.deferral(Instant.parse("2026-11-25T11:00:00Z"), PARIS)).isEmpty();
  }

  @Test
  void stepsMapToTheCandidatesCategories() {
    assertThat(ReminderCategory.of(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL))
        .isEqualTo(ReminderCategory.DRAFT);
    assertThat(ReminderCategory.of(StepKind.MAILED_NOTE, StepAction.POST))
        .isEqualTo(ReminderCategory.DRAFT);
    assertThat(ReminderCategory.of(StepKind.CHECK_IN, StepAction.EMAIL))
        .isEqualTo(ReminderCategory.DRAFT);
    assertThat(ReminderCategory.of(StepKind.CHECK_IN, StepAction.CALL))
        .isEqualTo(ReminderCategory.CALL);
    assertThat(ReminderCategory.of(StepKind.THANK_YOU_CALL, StepAction.CALL))
        .isEqualTo(ReminderCategory.CALL);
    assertThat(ReminderCategory.of(StepKind.KEEP_SEARCHING, StepAction.NONE))
        .isEqualTo(ReminderCategory.NUDGE);
    assertThat(ContactPreferences.DEFAULT_CHANNELS.get(ReminderCategory.CALL))
        .containsExactly(Channel.PUSH, Channel.SMS);
  }
}

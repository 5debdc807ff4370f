package dev.followup.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
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

package dev.followup.schedule.config;

import dev.followup.schedule.domain.planning.CheckInPreset;
import dev.followup.schedule.domain.planning.FollowUpPlanner;
import dev.followup.schedule.domain.planning.FollowUpPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;

/** The default follow-up policy, from configuration ({@code policy.*}); see the playbook. */
@ConfigMapping(prefix = "policy")
public interface PolicyConfig {

  /** How long after the interview the thank-you reminder goes out. */
  @WithDefault("30m")
  Duration thankYouDelay();

  /** From this local time on, the thank-you moves to the next morning. */
  @WithDefault("18:00")
  LocalTime sameDayCutoff();

  /** When a next-morning thank-you reminder goes out. */
  @WithDefault("08:00")
  LocalTime nextMorningAt();

  /** Until when a next-morning thank-you is worth sending. */
  @WithDefault("12:00")
  LocalTime nextMorningWindowEnd();

  /** How long after the thank-you email the mailed-note reminder comes. */
  @WithDefault("2h")
  Duration mailedNoteDelay();

  /** A mailed note must be posted within this long after the interview. */
  @WithDefault("48h")
  Duration mailedNoteWithin();

  /** Business hours and days for calls, in the recipient's zone. */
  @WithDefault("09:00")
  LocalTime businessStart();

  @WithDefault("17:00")
  LocalTime businessEnd();

  @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
  Set<DayOfWeek> workingDays();

  /** Preferred time of day for calls and check-ins. */
  @WithDefault("10:00")
  LocalTime callAt();

  /** Default check-in preset: persistent, balanced, measured or patient. */
  @WithDefault("balanced")
  String checkIns();

  /** How long after a final round references are alerted. */
  @WithDefault("2h")
  Duration referenceAlertDelay();

  /** Days after the interview for the keep-searching nudge. */
  @WithDefault("3")
  int keepSearchingAfterDays();

  /** Time of day for nudges, in the candidate's zone. */
  @WithDefault("10:00")
  LocalTime nudgeAt();

  /** Default quiet hours of candidates. */
  @WithDefault("21:00")
  LocalTime quietFrom();

  @WithDefault("08:00")
  LocalTime quietUntil();

  /** Makes the policy and the planner, plain objects, available for injection. */
  @ApplicationScoped
  class Producers {
    // Singleton, not application-scoped: a record is final and cannot be proxied.
    @Produces
    @Singleton
    FollowUpPolicy policy(PolicyConfig config) {
      return new FollowUpPolicy(
          config.thankYouDelay(),
          config.sameDayCutoff(),
          config.nextMorningAt(),
          config.nextMorningWindowEnd(),
          config.mailedNoteDelay(),
          config.mailedNoteWithin(),
          config.businessStart(),
          config.businessEnd(),
          config.workingDays(),
          config.callAt(),
          CheckInPreset.named(config.checkIns()),
          config.referenceAlertDelay(),
          config.keepSearchingAfterDays(),
          config.nudgeAt(),
          config.quietFrom(),
          config.quietUntil());
    }

    @Produces
    @ApplicationScoped
    FollowUpPlanner planner(FollowUpPolicy policy) {
      return new FollowUpPlanner(policy);
    }
  }
}

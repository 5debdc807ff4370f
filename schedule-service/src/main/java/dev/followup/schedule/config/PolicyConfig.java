package dev.followup.schedule.config;

import dev.followup.schedule.domain.planning.FollowUpPlanner;
import dev.followup.schedule.domain.planning.FollowUpPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.time.LocalTime;

/** The default follow-up policy, from configuration ({@code policy.*}). */
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

  /** Makes the planner, a plain object, available for injection. */
  @ApplicationScoped
  class Planner {
    @Produces
    @ApplicationScoped
    FollowUpPlanner planner(PolicyConfig config) {
      return new FollowUpPlanner(
          new FollowUpPolicy(
              config.thankYouDelay(),
              config.sameDayCutoff(),
              config.nextMorningAt(),
              config.nextMorningWindowEnd()));
    }
  }
}

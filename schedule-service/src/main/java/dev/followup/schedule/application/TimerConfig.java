package dev.followup.schedule.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the durable timers are polled ({@code timers.*}). */
@ConfigMapping(prefix = "timers")
public interface TimerConfig {

  /**
   * Longest sleep of a claim loop when nothing is due: it otherwise sleeps until the earliest
   * pending step falls due, or until a step due sooner is planned in this process. Bounds how late
   * a step planned by another instance (or whose claimer died) can be noticed.
   */
  @WithDefault("1s")
  Duration pollInterval();

  /**
   * Claim loops, each on a thread of its own with a database connection of its own during a round.
   * {@code FOR UPDATE SKIP LOCKED} gives each its own steps.
   */
  @WithDefault("4")
  int claimLoops();

  /** How long the claim loops wait after start-up for the messaging channels to be wired. */
  @WithDefault("1s")
  Duration startDelay();

  /** Most steps claimed in one round. */
  @WithDefault("100")
  int batchSize();

  /**
   * How long a round's transaction may sit idle (waiting for the broker, or stalled with its
   * process) before the database ends it, and with it the round's claims: a stalled instance's
   * steps are claimed again by another instance after this long. A crashed instance's go at once,
   * with its connections. Must be longer than {@code publish-timeout}.
   */
  @WithDefault("15s")
  Duration lease();

  /** Longest wait for the broker to acknowledge one batch of FollowUpDue events. */
  @WithDefault("10s")
  Duration publishTimeout();

  /**
   * Name of this instance: the {@code application_name} of its rounds' database sessions, which
   * says in {@code pg_stat_activity} who holds which steps. Defaults to the host name and a random
   * suffix.
   */
  Optional<String> instanceId();
}

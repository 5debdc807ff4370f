package dev.followup.schedule.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the durable timers are polled ({@code timers.*}). */
@ConfigMapping(prefix = "timers")
public interface TimerConfig {

  /** Pause between two polls (read by the scheduler; listed here for validation). */
  @WithDefault("1s")
  String pollInterval();

  /**
   * Claim loops run side by side in each poll. {@code FOR UPDATE SKIP LOCKED} gives each its own
   * steps and the fences keep them honest, so a second loop claims and publishes the next batch
   * while the first waits for the broker's acknowledgements.
   */
  @WithDefault("2")
  int claimLoops();

  /** Most steps claimed in one poll. */
  @WithDefault("100")
  int batchSize();

  /**
   * How long a claim lasts. A crashed or stalled instance's steps are claimed again by another
   * instance after this long: seconds, not minutes, since a claim only spans one publish round.
   */
  @WithDefault("15s")
  Duration lease();

  /** Longest wait for the broker to acknowledge one batch of FollowUpDue events. */
  @WithDefault("10s")
  Duration publishTimeout();

  /** Name of this instance in claims; defaults to the host name and a random suffix. */
  Optional<String> instanceId();
}

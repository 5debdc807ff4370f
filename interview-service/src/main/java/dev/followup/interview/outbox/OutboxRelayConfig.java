package dev.followup.interview.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the outbox relay polls and claims events. */
@ConfigMapping(prefix = "outbox.relay")
public interface OutboxRelayConfig {

  /** Pause between two polls of the outbox (read by the scheduler, listed here for validation). */
  @WithDefault("1s")
  String interval();

  /** Most events relayed in one round. */
  @WithDefault("200")
  int batchSize();

  /**
   * How long a relay instance holds the events it claimed. If it dies before marking them
   * published, another instance sends them again after this long (consumers drop the duplicate).
   */
  @WithDefault("30s")
  Duration lease();

  /**
   * How often the events waiting to be published are counted for the outbox gauge (read by the
   * scheduler, listed here for validation).
   */
  @WithDefault("5s")
  String pendingRefresh();

  /** Longest wait for the broker to acknowledge a round of events. */
  @WithDefault("20s")
  Duration sendTimeout();
}

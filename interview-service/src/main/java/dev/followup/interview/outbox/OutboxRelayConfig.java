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
   * How often the events waiting to be published are counted for the outbox gauge (read by the
   * scheduler, listed here for validation).
   */
  @WithDefault("5s")
  String pendingRefresh();

  /**
   * Longest wait for the broker to acknowledge a round of events; the round's rows stay locked
   * meanwhile.
   */
  @WithDefault("20s")
  Duration sendTimeout();
}

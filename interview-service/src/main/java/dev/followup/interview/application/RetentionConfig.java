package dev.followup.interview.application;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long documents and notes are kept once an offer is accepted, and how often that is done. */
@ConfigMapping(prefix = "retention")
public interface RetentionConfig {

  /**
   * How long the job description and the candidate's interview notes of an opportunity are kept
   * after its offer was accepted (e.g. {@code 90d}).
   */
  @WithDefault("90d")
  Duration afterAcceptance();

  /**
   * Pause between two purges (read by the scheduler, listed here for validation). The scheduler
   * checks its triggers once a second, so anything shorter acts as one second.
   */
  @WithDefault("1h")
  String purgeEvery();
}

package dev.followup.schedule.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An event older than the newest one applied to an interview is stale; unknown times apply. */
class EventOrderTest {

  private static final Instant APPLIED = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void anOlderEventIsStale() {
    assertThat(EventOrder.isStale(APPLIED.minusMillis(1), APPLIED)).isTrue();
  }

  @Test
  void anEventAtTheSameInstantOrLaterApplies() {
    assertThat(EventOrder.isStale(APPLIED, APPLIED)).isFalse();
    assertThat(EventOrder.isStale(APPLIED.plusSeconds(1), APPLIED)).isFalse();
  }

  @Test
  void anUnknownTimeOnEitherSideApplies() {
    assertThat(EventOrder.isStale(null, APPLIED)).isFalse();
    assertThat(EventOrder.isStale(APPLIED, null)).isFalse();
    assertThat(EventOrder.isStale(null, null)).isFalse();
  }

  @Test
  void theAppliedTimeOnlyMovesForward() {
    assertThat(EventOrder.applied(null, APPLIED)).isEqualTo(APPLIED);
    assertThat(EventOrder.applied(APPLIED, APPLIED.plusSeconds(5)))
        .isEqualTo(APPLIED.plusSeconds(5));
    assertThat(EventOrder.applied(APPLIED, APPLIED.minusSeconds(5))).isEqualTo(APPLIED);
    assertThat(EventOrder.applied(APPLIED, null)).isEqualTo(APPLIED);
  }
}

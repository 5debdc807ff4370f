package dev.followup.schedule.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Shutdown lets no new round start and waits for the ones in progress, up to its grace period. */
class ShutdownGateTest {

  @Test
  void noRoundStartsOnceClosed() {
    ShutdownGate gate = new ShutdownGate();
    assertThat(gate.closeAndAwait(Duration.ofSeconds(1))).isTrue();
    assertThat(gate.enter()).isFalse();
  }

  @Test
  void closingWaitsForTheRoundInProgress() throws Exception {
    ShutdownGate gate = new ShutdownGate();
    assertThat(gate.enter()).isTrue();

    CompletableFuture<Boolean> closing =
        CompletableFuture.supplyAsync(() -> gate.closeAndAwait(Duration.ofSeconds(30)));
    await().atMost(Duration.ofSeconds(5)).until(gate::isClosed);
    assertThat(gate.enter()).isFalse();
    assertThat(closing).isNotDone();

    gate.leave();
    assertThat(closing.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingGivesUpAfterItsGracePeriod() {
    ShutdownGate gate = new ShutdownGate();
    assertThat(gate.enter()).isTrue();

    assertThat(gate.closeAndAwait(Duration.ofMillis(50))).isFalse();
  }
}

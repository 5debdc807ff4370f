package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoarseTimeoutsTest {

  /** Ticks far apart, so that the tests below decide when due tasks run. */
  private final CoarseTimeouts timeouts = new CoarseTimeouts("test-timeouts", Duration.ofHours(1));

  @AfterEach
  void stop() {
    timeouts.shutdownNow();
  }

  @Test
  void aTaskRunsOnceItsTimeHasComeAndNotBefore() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    long scheduledAt = System.nanoTime();
    ScheduledFuture<Integer> future =
        timeouts.schedule(runs::incrementAndGet, 30, TimeUnit.SECONDS);

    timeouts.runDue(scheduledAt + TimeUnit.SECONDS.toNanos(29));
    assertThat(runs).hasValue(0);
    assertThat(future.isDone()).isFalse();
    assertThat(future.getDelay(TimeUnit.SECONDS)).isBetween(1L, 30L);

    timeouts.runDue(scheduledAt + TimeUnit.SECONDS.toNanos(31));
    assertThat(runs).hasValue(1);
    assertThat(future.get(0, TimeUnit.SECONDS)).isEqualTo(1);

    timeouts.runDue(scheduledAt + TimeUnit.SECONDS.toNanos(62));
    assertThat(runs).hasValue(1);
    assertThat(timeouts.pendingCount()).isZero();
  }

  @Test
  void aCancelledTaskNeverRunsAndIsDropped() {
    AtomicInteger runs = new AtomicInteger();
    ScheduledFuture<?> cancelled = timeouts.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS);
    ScheduledFuture<?> kept = timeouts.schedule(runs::incrementAndGet, 1, TimeUnit.SECONDS);

    assertThat(cancelled.cancel(true)).isTrue();
    assertThat(timeouts.pendingCount()).isEqualTo(1);
    timeouts.runDue(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));

    assertThat(runs).hasValue(1);
    assertThat(kept.isDone()).isTrue();
    assertThatThrownBy(() -> cancelled.get()).isInstanceOf(CancellationException.class);
    // Once run, a task can no longer be cancelled: that is how Angus Mail tells a write timed out.
    assertThat(kept.cancel(true)).isFalse();
  }

  @Test
  void theTickerRunsDueTasksOnItsOwn() throws Exception {
    CoarseTimeouts ticking = new CoarseTimeouts("test-ticking", Duration.ofMillis(20));
    try {
      ScheduledFuture<String> future = ticking.schedule(() -> "fired", 50, TimeUnit.MILLISECONDS);

      assertThat(future.get(5, TimeUnit.SECONDS)).isEqualTo("fired");
    } finally {
      ticking.shutdownNow();
    }
    assertThat(ticking.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }
}

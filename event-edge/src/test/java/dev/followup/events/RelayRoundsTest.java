package dev.followup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RelayRoundsTest {

  private final RelayRounds rounds = new RelayRounds();

  @Test
  void relaysBatchAfterBatchUntilOneComesBackShort() {
    Queue<Integer> published = new ArrayDeque<>(List.of(10, 10, 4, 10));
    AtomicInteger batches = new AtomicInteger();

    rounds.run(
        () -> {
          batches.incrementAndGet();
          return published.remove();
        },
        10);

    assertThat(batches).hasValue(3);
  }

  @Test
  void aRoundStartedWhileAnotherRunsReturnsAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> first = roundHeldUntil(release);
    AtomicInteger secondBatches = new AtomicInteger();

    rounds.run(secondBatches::incrementAndGet, 10);

    assertThat(secondBatches).hasValue(0);
    release.countDown();
    first.get(5, TimeUnit.SECONDS);
  }

  @Test
  void stopWaitsForTheBatchInFlightAndStartsNoOther() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    CompletableFuture<Void> running =
        CompletableFuture.runAsync(
            () ->
                rounds.run(
                    () -> {
                      batches.incrementAndGet();
                      inFlight.countDown();
                      sleep(Duration.ofMillis(300));
                      return 10; // full: the round would go on but for the stop
                    },
                    10));
    assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    boolean stopped = rounds.stop(Duration.ofSeconds(5));

    assertThat(stopped).isTrue();
    running.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(100));
    assertThat(batches).hasValue(1);
    assertThat(rounds.stopping()).isTrue();
    rounds.run(batches::incrementAndGet, 10);
    assertThat(batches).hasValue(1);
  }

  @Test
  void stopGivesUpOnABatchThatOutlastsTheWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> running = roundHeldUntil(release);

    assertThat(rounds.stop(Duration.ofMillis(100))).isFalse();

    release.countDown();
    running.get(5, TimeUnit.SECONDS);
  }

  /** A round whose batch is in flight until {@code release} opens; returns once it is. */
  private CompletableFuture<Void> roundHeldUntil(CountDownLatch release) throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CompletableFuture<Void> round =
        CompletableFuture.runAsync(
            () ->
                rounds.run(
                    () -> {
                      inFlight.countDown();
                      await(release);
                      return 0;
                    },
                    10));
    assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();
    return round;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

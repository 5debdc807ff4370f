package dev.followup.events;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * When an outbox relay sends its batches: one round at a time, batch after batch while they come
 * back full; and on shutdown, no new batch, and a wait for the one in flight, so that it is
 * acknowledged and deleted while the broker connection and the database are still open rather than
 * sent again by the next instance.
 */
public final class RelayRounds {

  /** Held while a round runs, so that shutdown can wait for it. */
  private final ReentrantLock round = new ReentrantLock();

  private volatile boolean stopping;

  /**
   * Relays batches until one comes back short of {@code batchSize} (nothing more is waiting) or
   * shutdown begins; returns at once if a round is already running.
   *
   * @param relayOneBatch relays one batch and returns how many events it published
   */
  public void run(IntSupplier relayOneBatch, int batchSize) {
    if (!round.tryLock()) {
      return;
    }
    try {
      while (!stopping && relayOneBatch.getAsInt() == batchSize) {
        // A full batch: more may be waiting.
      }
    } finally {
      round.unlock();
    }
  }

  /** Whether shutdown has begun. */
  public boolean stopping() {
    return stopping;
  }

  /**
   * Starts no batch any more, and waits at most {@code wait} for the one in flight.
   *
   * @return false if a batch was still in flight after the wait
   */
  public boolean stop(Duration wait) {
    stopping = true;
    try {
      if (round.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        round.unlock();
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

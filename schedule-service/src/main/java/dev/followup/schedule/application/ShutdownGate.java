package dev.followup.schedule.application;

import java.time.Duration;

/**
 * Lets rounds of work (claim, publish, mark) start until shutdown begins, and shutdown wait for the
 * rounds in progress: what was claimed is published and marked, not left to a lease running out.
 */
final class ShutdownGate {

  private boolean closed;
  private int inProgress;

  /** Starts a round unless shutdown began; a started round must be {@link #leave left}. */
  synchronized boolean enter() {
    if (closed) {
      return false;
    }
    inProgress++;
    return true;
  }

  synchronized void leave() {
    inProgress--;
    notifyAll();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Lets no round start any more, and waits up to {@code grace} for those in progress.
   *
   * @return whether every round in progress finished in time
   */
  synchronized boolean closeAndAwait(Duration grace) {
    closed = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (inProgress > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return inProgress == 0;
      }
    }
    return true;
  }
}

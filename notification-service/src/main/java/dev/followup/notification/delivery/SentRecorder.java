package dev.followup.notification.delivery;

import dev.followup.database.TransientFailures;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.metrics.NotificationMetrics.Result;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.NotificationEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records the deliveries whose provider accepted the message, many per transaction: on its own
 * thread it takes every send that completed since its last commit (up to {@code maxBatch}), marks
 * them sent and writes their {@code NotificationSent} events into the outbox in one transaction.
 * While one commit runs, the next batch gathers, and a batch waits up to {@code linger} after its
 * first send for more: a transaction per send or two cost more CPU, in this service and in
 * PostgreSQL, than the recording itself. The batches grow with the load.
 *
 * <p>The send threads hand a completed send over and take the next delivery; when recording falls
 * behind by {@code capacity} sends, they wait (no unbounded queue). A database outage is waited
 * out: a message the provider has cannot be taken back, so its recording is retried until it
 * succeeds ({@link TransientFailures#retrying}); it must be recorded before the delivery's lease
 * ends, or the delivery falls due again and is sent twice.
 *
 * <p>The crash window this leaves is the one a send always had: the provider accepted the message
 * and the process dies before it is recorded; after the lease, the delivery is sent again (same
 * Message-ID, see {@link EmailSender}; an SMS is looked up at the provider first, see {@link
 * SmsSender}). It now lasts while the send waits in the queue, the linger and one batch's commit,
 * some ten milliseconds at the usual load, rather than one commit, and a crash in it concerns every
 * send waiting there instead of those of the sending threads. On shutdown the dispatcher lets the
 * sends under way finish and then {@link #drain}s the queue, so a clean stop leaves none.
 */
final class SentRecorder {

  private static final Logger LOG = Logger.getLogger(SentRecorder.class);

  /** A send the provider accepted. */
  private record Sent(UUID deliveryId, Channel channel, Instant at) {}

  private final Deliveries deliveries;
  private final NotificationEvents events;
  private final NotificationMetrics metrics;
  private final Clock clock;
  private final int maxBatch;
  private final long lingerNanos;
  private final BlockingQueue<Sent> completed;
  private final Thread thread;
  private volatile boolean closing;

  SentRecorder(
      Deliveries deliveries,
      NotificationEvents events,
      NotificationMetrics metrics,
      Clock clock,
      int maxBatch,
      Duration linger,
      int capacity) {
    this.deliveries = deliveries;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.lingerNanos = linger.toNanos();
    this.completed = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "record-sent");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Hands over a send the provider accepted; waits only while recording is far behind. */
  void sent(UUID deliveryId, Channel channel, Instant at) {
    Sent sent = new Sent(deliveryId, channel, at);
    boolean interrupted = false;
    while (true) {
      try {
        completed.put(sent);
        break;
      } catch (InterruptedException e) {
        // The message was sent: its recording is not given up for an interrupt.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Records what was handed over before, waiting at most {@code timeout}; then stops. Called at
   * shutdown once no send runs any more.
   *
   * @return true if everything handed over was recorded
   */
  boolean drain(Duration timeout) {
    closing = true;
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive() && completed.isEmpty();
  }

  /** Until closing and nothing is left to record: what was handed over is recorded first. */
  private void run() {
    List<Sent> batch = new ArrayList<>(maxBatch);
    while (!closing || !completed.isEmpty()) {
      try {
        Sent first = completed.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        gather(batch, System.nanoTime() + lingerNanos);
        record(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Not a database outage (those are retried): the deliveries fall due again after their
        // lease, as after a crash.
        LOG.errorf(e, "Recording %d sent deliveries failed", batch.size());
      } finally {
        batch.clear();
      }
    }
  }

  /** Adds what completes until the deadline, or until the batch is full. */
  private void gather(List<Sent> batch, long deadline) throws InterruptedException {
    while (batch.size() < maxBatch) {
      completed.drainTo(batch, maxBatch - batch.size());
      long left = deadline - System.nanoTime();
      if (batch.size() >= maxBatch || left <= 0 || closing) {
        return;
      }
      Sent next = completed.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
  }

  private void record(List<Sent> batch) {
    List<UUID> ids = batch.stream().map(Sent::deliveryId).toList();
    List<Instant> times = batch.stream().map(Sent::at).toList();
    List<UUID> recorded =
        TransientFailures.retrying(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () -> {
                          List<UUID> marked = deliveries.markSent(ids, times);
                          events.sent(marked, clock.instant());
                          return marked;
                        }));
    Set<UUID> marked = new HashSet<>(recorded);
    for (Sent sent : batch) {
      if (marked.contains(sent.deliveryId())) {
        metrics.delivery(sent.channel(), Result.SENT);
      }
    }
  }
}

package dev.followup.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The timer behind the SMTP connections' write timeout ({@code mail.smtp.executor.writetimeout}):
 * tasks run at most one {@code tick} after their time, and scheduling one wakes no thread.
 *
 * <p>Why not a {@link java.util.concurrent.ScheduledThreadPoolExecutor}: Angus Mail guards every
 * write to the socket with a task scheduled for the timeout and cancelled once the write returns,
 * several per email. Each schedule on a scheduled pool wakes its thread to look at the new head of
 * the queue; in a profile of the delivery benchmark those wake-ups took 13 % of the CPU of the
 * threads sending email, and the timer's thread more, for timeouts of a minute that almost never
 * fire. Here a task is added to a queue, and one thread looks at the queue once a tick, drops what
 * was cancelled and runs what is due. A write timeout of seconds that fires a fraction of a second
 * late still ends the write.
 *
 * <p>Only one-shot {@code schedule} is supported, which is all Angus Mail uses.
 */
final class CoarseTimeouts extends AbstractExecutorService implements ScheduledExecutorService {

  private final Queue<Timed<?>> pending = new ConcurrentLinkedQueue<>();
  private final long tickNanos;
  private final Thread ticker;
  private volatile boolean shutdown;

  CoarseTimeouts(String name, Duration tick) {
    this.tickNanos = tick.toNanos();
    this.ticker = new Thread(this::tickUntilShutdown, name);
    ticker.setDaemon(true);
    ticker.start();
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("Shut down");
    }
    Timed<V> timed = new Timed<>(task, System.nanoTime() + unit.toNanos(delay));
    pending.add(timed);
    return timed;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return schedule(Executors.callable(task), delay, unit);
  }

  @Override
  public void execute(Runnable task) {
    schedule(task, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable task, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("One-shot tasks only");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("One-shot tasks only");
  }

  /** Tasks not yet run nor cancelled (for tests). */
  int pendingCount() {
    return (int) pending.stream().filter(timed -> !timed.isDone()).count();
  }

  private void tickUntilShutdown() {
    while (!shutdown) {
      LockSupport.parkNanos(this, tickNanos);
      runDue(System.nanoTime());
    }
  }

  /** Drops the cancelled tasks and runs those whose time has come, on the ticker's thread. */
  void runDue(long nowNanos) {
    for (var it = pending.iterator(); it.hasNext(); ) {
      Timed<?> timed = it.next();
      if (timed.isDone()) {
        it.remove();
      } else if (nowNanos - timed.dueNanos >= 0) {
        it.remove();
        // FutureTask runs it only if it was not cancelled meanwhile, and keeps what it threw.
        timed.run();
      }
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    LockSupport.unpark(ticker);
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> notRun = List.copyOf(pending);
    pending.clear();
    return notRun;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && !ticker.isAlive();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    ticker.join(Math.max(1, unit.toMillis(timeout)));
    return isTerminated();
  }

  private static final class Timed<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final long dueNanos;

    Timed(Callable<V> task, long dueNanos) {
      super(task);
      this.dueNanos = dueNanos;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}

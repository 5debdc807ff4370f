package dev.followup.notification.delivery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.Lease;
import dev.followup.notification.domain.RetryPolicy;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.metrics.NotificationMetrics.Result;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.NotificationEvents;
import dev.followup.notification.persistence.StoredPreferences;
import dev.followup.notification.tracing.TraceParents;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Sends pending deliveries when they fall due, on worker threads and never on the Kafka consumer's.
 *
 * <p>It looks for due deliveries as soon as the intake has stored some due now ({@link
 * NewDeliveriesDue}), and on a schedule for the rest (retries, deliveries held by quiet hours,
 * another instance's lapsed leases); one loop runs at a time.
 *
 * <p>Per channel, it claims due deliveries with a lease ({@code FOR UPDATE SKIP LOCKED}, so several
 * instances share the work and a crashed one's claims come back) as fast as the channel's bounded
 * pool frees room, never waiting for a whole batch (see {@link #claimAndSubmit}); sends each
 * outside any transaction on that pool (a slow SMS provider cannot take the threads email needs,
 * and no provider gets more concurrent requests than configured); and records the outcome: sent, by
 * the {@link SentRecorder}, many deliveries per transaction; or, each in a transaction of its own,
 * due again after a back-off (transient failure), or failed, with a delivery on the candidate's
 * next channel when there is one (permanent failure, or the attempts used up).
 *
 * <p>Each outcome that ends a delivery is announced in the same transaction that records it: a
 * {@code NotificationSent} or {@code NotificationFailed} event into the outbox, relayed to Kafka
 * after commit.
 *
 * <p>The recipients of a claimed batch (their preferences and email opt-outs) are read in the
 * claim's transaction, two queries for the batch, rather than per delivery: what the candidate
 * wants as of the claim, a moment before the send. The rendering happens at send time, from the
 * stored event data and the candidate's language. A delivery that falls due inside the candidate's
 * quiet hours (they set them after it was taken in) is held until they end, without counting an
 * attempt.
 */
@ApplicationScoped
// Created as the application starts, so that settings it cannot work with stop the start.
@Startup
public class DeliveryDispatcher {

  private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);

  private final Deliveries deliveries;
  private final Candidates candidates;
  private final NotificationEvents events;
  private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
  private final Map<Channel, ExecutorService> pools = new EnumMap<>(Channel.class);

  /** Per channel, deliveries claimed and not finished: sending, or waiting for a thread. */
  private final Map<Channel, Semaphore> rooms = new EnumMap<>(Channel.class);

  private final Object roomFreed = new Object();
  private final UnsubscribeLinks links;
  private final MessageRenderer renderer;

  /** Reads a delivery's stored event data; one reader for all, as readers are immutable. */
  private final ObjectReader eventReader;

  private final DeliveryConfig config;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final NotificationMetrics metrics;
  private final SentRecorder sentRecorder;
  private volatile boolean stopping;

  /**
   * Held while a claim is made and its deliveries handed to the pools, so that shutdown waits for a
   * claim under way before it closes the pools: a claim committed just as the pools close would
   * otherwise keep its deliveries under a lease that no one works on.
   */
  private final ReentrantLock claiming = new ReentrantLock();

  DeliveryDispatcher(
      Deliveries deliveries,
      Candidates candidates,
      NotificationEvents events,
      Instance<ChannelSender> senders,
      MessageRenderer renderer,
      UnsubscribeLinks links,
      ObjectMapper objectMapper,
      DeliveryConfig config,
      Clock clock,
      NotificationMetrics metrics) {
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.candidates = candidates;
    this.events = events;
    senders.forEach(sender -> this.senders.put(sender.channel(), sender));
    this.renderer = renderer;
    this.links = links;
    this.eventReader =
        objectMapper
            .readerFor(FollowUpDue.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    if (config.sendBudget().compareTo(config.lease()) >= 0) {
      throw new IllegalStateException(
          "delivery.send-budget ("
              + config.sendBudget()
              + ") must be shorter than delivery.lease ("
              + config.lease()
              + "): no send could start");
    }
    this.config = config;
    this.retryPolicy =
        new RetryPolicy(config.maxAttempts(), config.backoff().initial(), config.backoff().max());
    this.clock = clock;
    int sending = 0;
    for (Channel channel : Channel.values()) {
      pools.put(
          channel,
          Executors.newFixedThreadPool(
              concurrency(channel),
              runnable ->
                  new Thread(runnable, "deliver-" + channel.name().toLowerCase(Locale.ROOT))));
      rooms.put(channel, new Semaphore(capacity(channel)));
      sending += capacity(channel);
    }
    this.sentRecorder =
        new SentRecorder(
            deliveries,
            events,
            metrics,
            clock,
            config.recordBatchSize(),
            config.recordLinger(),
            Math.max(config.recordBatchSize(), sending));
  }

  /**
   * Runs the dispatch loop as soon as deliveries due now were stored (their transaction committed),
   * instead of at the next scheduled run: an idle service otherwise left a new reminder waiting for
   * up to {@code delivery.dispatch.interval}, and each burst of them started that late.
   */
  void onNewDeliveriesDue(@Observes(during = TransactionPhase.AFTER_SUCCESS) NewDeliveriesDue due) {
    woken = true;
    if (!stopping && wakeUpQueued.compareAndSet(false, true)) {
      try {
        wakeUps.execute(
            () -> {
              wakeUpQueued.set(false);
              dispatchDue();
            });
      } catch (RejectedExecutionException e) {
        // Shutting down: nothing more is claimed.
        wakeUpQueued.set(false);
      }
    }
  }

  /** Runs the dispatch loop on a wake-up; one thread, so that wake-ups never pile up. */
  private final ExecutorService wakeUps =
      Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "dispatch-wake-up"));

  /** A wake-up is queued and has not started: further ones need not queue another. */
  private final AtomicBoolean wakeUpQueued = new AtomicBoolean();

  /** Deliveries were stored since the dispatch loop last started: it must look again. */
  private volatile boolean woken;

  /** Held by the one dispatch loop running, scheduled or woken. */
  private final ReentrantLock looping = new ReentrantLock();

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Claims and sends what is due, on the scheduler's run or a wake-up, unless the loop already runs
   * elsewhere. A wake-up that comes while it runs is not lost: the loop looks again when it would
   * have stopped.
   */
  @Scheduled(
      every = "${delivery.dispatch.interval:1s}",
      // The first run waits for the application to finish starting.
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void dispatchDue() {
    while (!stopping && looping.tryLock()) {
      try {
        woken = false;
        dispatchWhileDue();
      } finally {
        looping.unlock();
      }
      if (!woken) {
        return;
      }
    }
  }

  private void dispatchWhileDue() {
    long lastClaimed = 0;
    boolean claimedAny;
    do {
      claimedAny = false;
      Set<Channel> busy = EnumSet.allOf(Channel.class);
      while (!stopping && !busy.isEmpty()) {
        // A channel stays in the loop while its claims come back full: more are due.
        for (Iterator<Channel> channels = busy.iterator(); channels.hasNext(); ) {
          Round round = claimAndSubmit(channels.next());
          claimedAny |= round.claimed() > 0;
          if (!round.full()) {
            channels.remove();
          }
        }
        if (!busy.isEmpty()) {
          awaitRoom(busy);
        }
      }
      if (claimedAny) {
        lastClaimed = System.nanoTime();
      }
      // While deliveries keep coming in, look again shortly rather than at the next run: a
      // stream of new deliveries is not held up by the interval. An idle service polls once per
      // run.
    } while (!stopping
        && lastClaimed != 0
        && System.nanoTime() - lastClaimed < KEEP_POLLING.toNanos()
        && pause(claimedAny ? Duration.ZERO : POLL_PAUSE));
  }

  /** How long after the last delivery claimed the dispatcher keeps looking for new ones. */
  private static final Duration KEEP_POLLING = Duration.ofSeconds(1);

  /** Pause between two looks while it does. */
  private static final Duration POLL_PAUSE = Duration.ofMillis(20);

  /** Sleeps; false if interrupted (shutting down). */
  private boolean pause(Duration pause) {
    if (pause.isZero()) {
      return true;
    }
    try {
      Thread.sleep(pause.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** What one claim did: how many deliveries it claimed, and whether it filled the free room. */
  private record Round(int claimed, boolean full) {}

  /**
   * A bounded pipeline per channel: up to {@code concurrency} sends run and more claimed deliveries
   * wait for a thread ({@link #capacity}), so a worker that finishes takes the next at once instead
   * of waiting for the rest of a batch; one slow send holds up only its own thread. Claims fill the
   * free room, and only once at least half of it is free, so that claims stay batched.
   *
   * @return how many it claimed, and whether that filled the free room (more deliveries on this
   *     channel may be due)
   */
  private Round claimAndSubmit(Channel channel) {
    claiming.lock();
    try {
      return stopping ? new Round(0, false) : claimAndSubmitLocked(channel);
    } finally {
      claiming.unlock();
    }
  }

  private Round claimAndSubmitLocked(Channel channel) {
    Semaphore room = rooms.get(channel);
    int wanted = Math.min(config.batchSize(), room.availablePermits());
    if (wanted == 0) {
      return new Round(0, true);
    }
    Instant now = clock.instant();
    // To the database's microsecond: the lease's end is how the claim is recognised on release.
    Instant leaseEnd = now.plus(config.lease()).truncatedTo(ChronoUnit.MICROS);
    Claim claim =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<Delivery> claimed = deliveries.claimDue(channel, now, leaseEnd, wanted);
                  return new Claim(claimed, recipientsOf(claimed));
                });
    List<Delivery> batch = claim.deliveries();
    for (Delivery delivery : batch) {
      room.acquireUninterruptibly();
      try {
        pools
            .get(channel)
            .execute(
                () -> {
                  try {
                    dispatch(delivery, leaseEnd, claim.recipients());
                  } catch (RuntimeException e) {
                    LOG.error("Delivery task failed", e);
                  } finally {
                    room.release();
                    synchronized (roomFreed) {
                      roomFreed.notifyAll();
                    }
                  }
                });
      } catch (RejectedExecutionException e) {
        // Not expected (shutdown waits for the claim): release it rather than leave it leased.
        room.release();
        QuarkusTransaction.requiringNew()
            .run(() -> deliveries.deferTo(delivery.id, clock.instant()));
      }
    }
    return new Round(batch.size(), batch.size() == wanted);
  }

  /** Waits until one of the channels has at least half of its room free (or shortly). */
  private void awaitRoom(Set<Channel> channels) {
    synchronized (roomFreed) {
      while (!stopping
          && channels.stream().noneMatch(c -> rooms.get(c).availablePermits() * 2 >= capacity(c))) {
        try {
          roomFreed.wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
    }
  }

  /** Claimed deliveries, and what their candidates wanted at the claim. */
  private record Claim(List<Delivery> deliveries, Recipients recipients) {}

  /**
   * The stored preferences and email opt-outs of the candidates of these deliveries (those that
   * name their candidate), in the caller's transaction: two queries for the batch.
   */
  private Recipients recipientsOf(List<Delivery> batch) {
    Set<StoredPreferences.Key> keys = new HashSet<>();
    for (Delivery delivery : batch) {
      if (delivery.candidateId != null) {
        keys.add(
            new StoredPreferences.Key(
                Candidates.tenantKey(delivery.tenantId), delivery.candidateId));
      }
    }
    return new Recipients(keys, candidates.preferences(keys), candidates.emailOptedOut(keys));
  }

  /**
   * Deliveries a channel holds at once, sending or waiting for a thread: {@code
   * delivery.claimed-per-thread} per thread, so that a claim (a transaction of three statements,
   * whose cost hardly depends on how many it takes) takes at least half as many per thread, and the
   * claims' cost is shared among more deliveries; waiting ones are under the lease like any claimed
   * delivery.
   */
  private int capacity(Channel channel) {
    return config.claimedPerThread() * concurrency(channel);
  }

  private int concurrency(Channel channel) {
    return config.concurrency().getOrDefault(channel.name().toLowerCase(Locale.ROOT), 4);
  }

  /**
   * Stops claiming as soon as shutdown begins. Sends under way finish and their outcome is recorded
   * (waiting at most {@code delivery.shutdown-grace}); claimed deliveries whose send has not
   * started are released, due again at once for the next instance.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    stopping = true;
    wakeUps.shutdown();
    // A claim under way hands its deliveries to the pools first; none starts after this.
    claiming.lock();
    claiming.unlock();
    pools.values().forEach(ExecutorService::shutdown);
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    for (ExecutorService pool : pools.values()) {
      try {
        if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), NANOS)) {
          LOG.warn(
              "Sends still under way at shutdown; their deliveries are retried after the lease");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!sentRecorder.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      LOG.warn("Sent deliveries not recorded at shutdown; they are sent again after their lease");
    }
  }

  private static final TimeUnit NANOS = TimeUnit.NANOSECONDS;

  /** Sends one delivery within the trace of the event it came from. */
  private void dispatch(Delivery delivery, Instant leaseEnd, Recipients recipients) {
    try (Scope trace = TraceParents.context(delivery.traceParent).makeCurrent()) {
      dispatchTraced(delivery, leaseEnd, recipients);
    }
  }

  private void dispatchTraced(Delivery delivery, Instant leaseEnd, Recipients recipients) {
    if (stopping) {
      // Shutting down before this send began: release the claim rather than start it.
      QuarkusTransaction.requiringNew().run(() -> deliveries.deferTo(delivery.id, clock.instant()));
      return;
    }
    switch (new Lease(leaseEnd).beforeSend(clock.instant(), config.sendBudget())) {
      case LEAVE -> {
        // Another instance may hold it by now; it falls due again as it is.
        LOG.warnf("Lease ended before delivery %s was sent; it waits", delivery.id);
        return;
      }
      case RELEASE -> {
        // Sent now, it could still be under way when another instance claims it.
        if (QuarkusTransaction.requiringNew()
            .call(() -> deliveries.release(delivery.id, leaseEnd, clock.instant()))) {
          metrics.delivery(delivery.channel, Result.HANDED_BACK);
        }
        LOG.warnf("Delivery %s waited too long for a sender; handed back", delivery.id);
        return;
      }
      case SEND -> {
        // Enough of the lease is left.
      }
    }
    try {
      FollowUpDue due = read(delivery);
      if (delivery.candidateId == null) {
        delivery.candidateId = due.candidate().id();
      }
      Recipient recipient = recipientOf(delivery, due, recipients);
      ContactPreferences preferences = recipient.preferences();
      Optional<Instant> quietUntil =
          preferences
              .quietHours()
              .flatMap(quiet -> quiet.deferral(clock.instant(), preferences.timeZone()));
      if (quietUntil.isPresent()) {
        QuarkusTransaction.requiringNew()
            .run(() -> deliveries.deferTo(delivery.id, quietUntil.get()));
        metrics.delivery(delivery.channel, Result.DEFERRED);
        return;
      }
      // The address as the candidate's preferences say now: they may have changed it since the
      // step was taken in (a reminder held by quiet hours or a retry goes to the new one). A
      // fallback delivery has none of its own.
      String current = preferences.addressOn(delivery.channel);
      if (current != null) {
        delivery.address = current;
      }
      if (recipient.unsubscribed()) {
        // As for a number that texted STOP: this channel is over, the next one takes the reminder.
        throw DeliveryFailure.permanent("The candidate unsubscribed from " + delivery.channel);
      }
      ChannelSender sender = senders.get(delivery.channel);
      if (sender == null) {
        throw DeliveryFailure.permanent("No provider is configured for " + delivery.channel);
      }
      Optional<String> unsubscribe =
          delivery.channel == Channel.EMAIL
              ? links.emailLink(delivery.tenantId, delivery.candidateId)
              : Optional.empty();
      RenderedMessage message =
          renderer.render(due, preferences.locale(), delivery.channel, unsubscribe);
      metrics.timeSend(
          delivery.channel,
          () -> {
            sender.send(delivery, message);
            return null;
          });
    } catch (DeliveryFailure e) {
      recordFailure(delivery, e.getMessage(), e.isPermanent(), e.retryAfter());
      return;
    } catch (RuntimeException e) {
      recordFailure(
          delivery, e.getClass().getSimpleName() + ": " + e.getMessage(), false, Optional.empty());
      return;
    }
    // The provider has the message: recording that must not fail for a database outage, or the
    // delivery would fall due again after its lease and the candidate get it twice. The recorder
    // retries it until the database answers; this thread goes on to the next delivery.
    sentRecorder.sent(delivery.id, delivery.channel, clock.instant());
  }

  private void recordFailure(
      Delivery delivery, String error, boolean permanent, Optional<Duration> retryAfter) {
    Optional<Duration> wait =
        permanent
            ? Optional.empty()
            : retryPolicy.delayAfter(delivery.attempts, ThreadLocalRandom.current().nextDouble());
    if (wait.isPresent()) {
      Duration delay = wait.get();
      if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
        delay = retryAfter.get();
      }
      Instant next = clock.instant().plus(delay);
      LOG.warnf(
          "Delivery %s failed (attempt %d), retrying at %s: %s",
          delivery.id, delivery.attempts, next, error);
      QuarkusTransaction.requiringNew().run(() -> deliveries.retryAt(delivery.id, next, error));
      metrics.retry(delivery.channel);
      return;
    }
    LOG.warnf(
        "Delivery %s on %s failed for good after %d attempt(s): %s",
        delivery.id, delivery.channel, delivery.attempts, error);
    Instant failedAt = clock.instant();
    // Empty when it was no longer pending (recorded elsewhere); else the fallback, if any.
    Optional<Optional<Channel>> next =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  if (!deliveries.markFailed(delivery.id, error)) {
                    return Optional.<Optional<Channel>>empty();
                  }
                  Optional<Channel> fallback = deliveries.fallBack(delivery.id, failedAt);
                  events.failed(delivery.id, failedAt, error, fallback.orElse(null));
                  return Optional.of(fallback);
                });
    next.ifPresent(
        fallback -> {
          metrics.delivery(delivery.channel, Result.FAILED);
          fallback.ifPresent(
              channel -> {
                metrics.delivery(delivery.channel, Result.FALLBACK);
                LOG.infof("Delivery %s falls back to %s", delivery.id, channel);
              });
        });
  }

  private FollowUpDue read(Delivery delivery) {
    try {
      return eventReader.readValue(delivery.payload);
    } catch (IOException e) {
      throw new IllegalStateException("Stored event data cannot be read: " + e.getMessage(), e);
    }
  }

  /** What the candidate wants now, and whether they unsubscribed from this delivery's channel. */
  private record Recipient(ContactPreferences preferences, boolean unsubscribed) {}

  /**
   * What the candidates of a claimed batch had stored at the claim.
   *
   * @param candidates whom the claim looked up (deliveries that name their candidate)
   * @param preferences the preferences of those who stored any
   * @param emailOptedOut those who unsubscribed from reminder emails
   */
  private record Recipients(
      Set<StoredPreferences.Key> candidates,
      Map<StoredPreferences.Key, ContactPreferences> preferences,
      Set<StoredPreferences.Key> emailOptedOut) {}

  private Recipient recipientOf(Delivery delivery, FollowUpDue due, Recipients recipients) {
    StoredPreferences.Key key =
        new StoredPreferences.Key(Candidates.tenantKey(delivery.tenantId), delivery.candidateId);
    ZoneId zone = zone(due.candidate().timeZone());
    if (recipients.candidates().contains(key)) {
      return new Recipient(
          ContactPreferences.applying(
              Optional.ofNullable(recipients.preferences().get(key)),
              due.candidate().email(),
              zone),
          delivery.channel == Channel.EMAIL && recipients.emailOptedOut().contains(key));
    }
    // A delivery stored without its candidate: known only now, from the event data.
    String candidateId = delivery.candidateId;
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Optional<ContactPreferences> stored =
                  candidates.preferences(delivery.tenantId, candidateId);
              boolean unsubscribed =
                  delivery.channel == Channel.EMAIL
                      && candidates.isEmailOptedOut(delivery.tenantId, candidateId);
              return new Recipient(
                  ContactPreferences.applying(stored, due.candidate().email(), zone), unsubscribed);
            });
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      return ZoneOffset.UTC;
    }
  }
}

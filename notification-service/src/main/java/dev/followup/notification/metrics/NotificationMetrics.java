package dev.followup.notification.metrics;

import dev.followup.notification.domain.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The service's own meters, named in one place (Prometheus adds {@code _total} and {@code
 * _seconds}). Tags stay low-cardinality: channels, results, event types, never ids.
 */
@ApplicationScoped
public class NotificationMetrics {

  /** What became of a delivery (tag {@code result} of {@code followup.deliveries}). */
  public enum Result {
    /** The provider accepted it. */
    SENT,
    /** Given up on this channel. */
    FAILED,
    /** Held until the candidate's quiet hours end. */
    DEFERRED,
    /** An event or delivery seen before: nothing was sent. */
    DUPLICATE,
    /** Given up on this channel, and taken over by the candidate's next one. */
    FALLBACK,
    /** The candidate was erased: a pending delivery was dropped, or an event came after. */
    ERASED,
    /**
     * Claimed, but it waited for a sending thread until too little of its lease was left for a
     * send: handed back, due again at once. Many of these say the channel needs more threads or
     * smaller claims.
     */
    HANDED_BACK;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String DELIVERIES = "followup.deliveries";
  static final String RETRIES = "followup.delivery.retries";
  static final String DURATION = "followup.delivery.duration";
  static final String DEAD_LETTERS = "followup.dead.letters";
  static final String PUBLISHED = "followup.events.published";
  static final String OUTBOX_PENDING = "followup.outbox.pending";

  private final MeterRegistry registry;
  private final AtomicLong outboxPending = new AtomicLong();

  NotificationMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(OUTBOX_PENDING, outboxPending, AtomicLong::get)
        .description("Notification events written to the outbox and not yet published")
        .register(registry);
  }

  public void delivery(Channel channel, Result result) {
    delivery(tag(channel), result);
  }

  /** For outcomes that concern no single channel (a duplicate event): channel {@code none}. */
  public void delivery(String channel, Result result) {
    Counter.builder(DELIVERIES)
        .description("Deliveries by channel and what became of them")
        .tag("channel", channel)
        .tag("result", result.tag())
        .register(registry)
        .increment();
  }

  /** A send failed for now and is due again after a back-off. */
  public void retry(Channel channel) {
    Counter.builder(RETRIES)
        .description("Sends that failed for now and were scheduled again")
        .tag("channel", tag(channel))
        .register(registry)
        .increment();
  }

  /** Times one provider call (successful or not). */
  public <T> T timeSend(Channel channel, Supplier<T> send) {
    return Timer.builder(DURATION)
        .description("Time the provider took to accept or refuse a message")
        .tag("channel", tag(channel))
        .publishPercentileHistogram()
        .register(registry)
        .record(send);
  }

  /** A record moved to a dead-letter topic; {@code reason} is a short fixed word. */
  public void deadLetter(String topic, String reason) {
    Counter.builder(DEAD_LETTERS)
        .description("Records sent to a dead-letter topic")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A CloudEvent the broker acknowledged. */
  public void published(String type) {
    Counter.builder(PUBLISHED)
        .description("Events acknowledged by the broker, by CloudEvent type")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** The latest count of unpublished outbox rows (refreshed every few seconds, not per scrape). */
  public void outboxPending(long count) {
    outboxPending.set(count);
  }

  private static String tag(Channel channel) {
    return channel.name().toLowerCase(Locale.ROOT);
  }
}

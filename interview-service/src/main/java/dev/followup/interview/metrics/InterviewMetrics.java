package dev.followup.interview.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The service's own meters, named here and nowhere else (Prometheus adds {@code _total} to
 * counters). Tags take few values: an event type, never an id.
 */
@ApplicationScoped
public class InterviewMetrics {

  static final String INTERVIEWS_COMPLETED = "followup.interviews.completed";
  static final String EVENTS_PUBLISHED = "followup.events.published";
  static final String OUTBOX_PENDING = "followup.outbox.pending";
  static final String HTTP_SERVER_REQUESTS = "http.server.requests";

  /**
   * Buckets of the HTTP latency histogram (http_server_requests_seconds_bucket), so that dashboards
   * and alerts can take percentiles across instances; a few fixed ones keep the series count low.
   */
  private static final double[] HTTP_LATENCY_BUCKETS =
      Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
          .mapToDouble(millis -> Duration.ofMillis(millis).toNanos())
          .toArray();

  private final MeterRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final Counter interviewsCompleted;
  private final AtomicLong outboxPending = new AtomicLong();

  InterviewMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
    this.registry = registry;
    this.transactions = transactions;
    this.interviewsCompleted =
        Counter.builder(INTERVIEWS_COMPLETED)
            .description("Interviews marked as held (each emits InterviewCompleted)")
            .register(registry);
    Gauge.builder(OUTBOX_PENDING, outboxPending, AtomicLong::get)
        .description("Outbox events not yet acknowledged by the broker, as last counted")
        .register(registry);
  }

  /**
   * Counts a completed interview once its transaction commits: a completion rolled back (a
   * conflict, a failed write) did not happen.
   */
  public void interviewCompleted() {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      interviewsCompleted.increment();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              interviewsCompleted.increment();
            }
          }
        });
  }

  /** An event of that CloudEvent type the broker acknowledged. */
  public void eventPublished(String type) {
    Counter.builder(EVENTS_PUBLISHED)
        .description("Events acknowledged by the broker, by CloudEvent type")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** Publishes the HTTP server's latency as a histogram with {@link #HTTP_LATENCY_BUCKETS}. */
  @Produces
  @Singleton
  static MeterFilter httpLatencyHistogram() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(HTTP_LATENCY_BUCKETS)
            .build()
            .merge(config);
      }
    };
  }

  /** The outbox's backlog, as just counted (the gauge reports the last count). */
  public void outboxPending(long events) {
    outboxPending.set(events);
  }
}

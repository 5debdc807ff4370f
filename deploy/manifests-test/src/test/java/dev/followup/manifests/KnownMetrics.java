package dev.followup.manifests;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Prometheus series the services expose, by the names dashboards and alerts may query: the
 * services' own meters (the cross-service conventions, Micrometer names) and the standard ones of
 * the Quarkus Micrometer binders (HTTP server, JVM, Agroal pool, Kafka clients) and of Prometheus.
 */
final class KnownMetrics {

  /** Counters: Prometheus adds {@code _total}. */
  static final List<String> COUNTERS =
      List.of(
          "followup.dead.letters",
          "followup.events.published",
          "followup.interviews.completed",
          "followup.steps.planned",
          "followup.steps.fired",
          "followup.steps.cancelled",
          "followup.steps.missed",
          "followup.steps.moved",
          "followup.timers.claimed",
          "followup.deliveries",
          "followup.delivery.retries",
          "kafka.producer.record.send",
          "kafka.producer.record.error");

  static final List<String> GAUGES =
      List.of(
          "followup.outbox.pending",
          // Agroal connection pool (quarkus.datasource.metrics.enabled).
          "agroal.active.count",
          "agroal.available.count",
          "agroal.awaiting.count",
          "agroal.max.used.count",
          // Kafka consumers: Micrometer names a client metric after its group without "-metrics"
          // (consumer-fetch-manager-metrics, records-lag-max).
          "kafka.consumer.fetch.manager.records.lag.max",
          "kafka.consumer.fetch.manager.records.lag",
          "jvm.memory.used.bytes",
          "jvm.memory.max.bytes",
          "jvm.memory.committed.bytes",
          "jvm.threads.live.threads",
          "process.cpu.usage",
          "system.cpu.usage",
          "process.uptime.seconds",
          // Written by Prometheus for every scrape target: 1 when the scrape succeeded.
          "up");

  /** Timers: {@code _seconds_count}, {@code _sum}, {@code _max} and, with a histogram, buckets. */
  static final List<String> TIMERS =
      List.of(
          "followup.steps.lateness",
          "followup.delivery.duration",
          "http.server.requests",
          "jvm.gc.pause");

  private static final Set<String> NAMES = names();

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

  private KnownMetrics() {}

  static boolean contains(String series) {
    return NAMES.contains(series);
  }

  static Set<String> all() {
    return NAMES;
  }

  /**
   * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
   * grouping clauses and Grafana variables are set aside, less functions and keywords.
   */
  static Set<String> referencedBy(String promql) {
    String expr = STRING.matcher(promql).replaceAll("\"\"");
    expr = expr.replaceAll("\\{[^}]*\\}", " ");
    expr = expr.replaceAll("\\[[^\\]]*\\]", " ");
    expr = GROUPING.matcher(expr).replaceAll(" ");
    expr = expr.replaceAll("\\$\\w+", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(expr);
    while (m.find()) {
      boolean function = m.group(2) != null;
      if (!function && !KEYWORDS.contains(m.group(1).toLowerCase())) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static Set<String> names() {
    Set<String> names = new TreeSet<>();
    COUNTERS.forEach(c -> names.add(prometheus(c) + "_total"));
    GAUGES.forEach(g -> names.add(prometheus(g)));
    for (String timer : TIMERS) {
      for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
        names.add(prometheus(timer) + "_seconds" + suffix);
      }
    }
    return names;
  }

  private static String prometheus(String micrometerName) {
    return micrometerName.replace('.', '_');
  }
}

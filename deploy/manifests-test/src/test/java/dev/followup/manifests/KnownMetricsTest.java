package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The PromQL reading the other monitoring tests rely on. */
class KnownMetricsTest {

  @Test
  void findsTheMetricsAndLeavesFunctionsLabelsAndVariablesOut() {
    assertThat(
            KnownMetrics.referencedBy(
                "histogram_quantile(0.99, sum by (job, le) (rate("
                    + "followup_steps_lateness_seconds_bucket{job=\"schedule-service\"}"
                    + "[$__rate_interval]))) > 60 and on (job) up{job=~\"$job\"} == 1"))
        .containsExactlyInAnyOrder("followup_steps_lateness_seconds_bucket", "up");
    assertThat(
            KnownMetrics.referencedBy(
                "sum(rate(a_total{x=\"y(z)\"}[5m])) / ignoring(status) b_total or vector(0)"))
        .containsExactlyInAnyOrder("a_total", "b_total");
  }

  @Test
  void namesFollowPrometheusConventionsForMicrometerMeters() {
    assertThat(KnownMetrics.all())
        .contains(
            "followup_interviews_completed_total",
            "followup_outbox_pending",
            "followup_steps_lateness_seconds_bucket",
            "http_server_requests_seconds_count",
            "kafka_consumer_fetch_manager_records_lag_max")
        .doesNotContain("followup_outbox_pending_total", "followup_steps_lateness_bucket");
  }
}

package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What watches the services: the Grafana dashboard, Prometheus' scrape configuration and alert
 * rules, their place in docker-compose.yml and on Kubernetes, and where the services send their
 * spans. Every query names metrics the services expose ({@link KnownMetrics}) and jobs that exist.
 */
class MonitoringTest {

  static final Path DASHBOARD = Repository.path("deploy/grafana/followup-dashboard.json");
  static final Path DASHBOARD_COPY =
      Repository.path("deploy/kubernetes/base/monitoring/followup-dashboard.json");
  static final Path PROMETHEUS = Repository.path("deploy/prometheus/prometheus.yml");
  static final Path ALERTS = Repository.path("deploy/prometheus/alerts.yml");
  static final Path RULES_ON_KUBERNETES =
      Repository.path("deploy/kubernetes/base/monitoring/alerts.yaml");

  private static final Pattern JOB_MATCHER = Pattern.compile("\\bjob\\s*(=~|=)\\s*\"([^\"]*)\"");

  private static final JsonNode COMPOSE = Repository.yaml(Repository.path("docker-compose.yml"));

  static List<String> services() {
    return Repository.services();
  }

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(DASHBOARD.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + DASHBOARD, e);
    }
  }

  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  // --- the dashboard -----------------------------------------------------------------------

  @Test
  void dashboardQueriesOnlyMetricsTheServicesExposeAndJobsThatExist() {
    JsonNode dashboard = dashboard();
    Set<String> jobs = scrapeJobs().keySet();
    int queries = 0;
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        String where = "panel \"" + panel.path("title").asText() + "\": " + expr;
        assertThat(expr).as(where).isNotBlank();
        assertThat(KnownMetrics.referencedBy(expr))
            .as(where + " reads metrics")
            .isNotEmpty()
            .allSatisfy(name -> assertThat(KnownMetrics.contains(name)).as(name).isTrue());
        assertThat(jobsNamedBy(expr, "$job", jobs)).as(where).isSubsetOf(jobs);
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(20);
  }

  @Test
  void everyPanelQueriesThePrometheusDataSourceOfTheVariable() {
    JsonNode dashboard = dashboard();
    JsonNode variable = null;
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("datasource")) {
        variable = v;
      }
    }
    assertThat(variable).as("a data source variable").isNotNull();
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    String reference = "${" + variable.path("name").asText() + "}";

    for (JsonNode panel : panels(dashboard)) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      String where = "panel \"" + panel.path("title").asText() + "\"";
      assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo(reference);
      assertThat(panel.path("targets").size()).as(where + " targets").isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).as(where).isEqualTo(reference);
      }
    }
    assertThat(dashboard.path("uid").asText()).isNotBlank();
  }

  @Test
  void everyServiceHasItsRowAndTheMeasuresThatMatter() {
    JsonNode dashboard = dashboard();
    Set<String> rows = new TreeSet<>();
    Set<String> read = new TreeSet<>();
    for (JsonNode panel : panels(dashboard)) {
      if (panel.path("type").asText().equals("row")) {
        rows.add(panel.path("title").asText());
      }
      panel
          .path("targets")
          .forEach(t -> read.addAll(KnownMetrics.referencedBy(t.path("expr").asText())));
    }
    assertThat(rows).containsAll(services());
    assertThat(read)
        .contains(
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_bucket",
            "followup_interviews_completed_total",
            "followup_events_published_total",
            "followup_outbox_pending",
            "followup_steps_planned_total",
            "followup_steps_fired_total",
            "followup_steps_cancelled_total",
            "followup_steps_missed_total",
            "followup_steps_lateness_seconds_bucket",
            "followup_deliveries_total",
            "followup_delivery_retries_total",
            "followup_dead_letters_total",
            "kafka_consumer_fetch_manager_records_lag_max",
            "jvm_memory_used_bytes",
            "agroal_active_count");
  }

  @Test
  void dashboardOnKubernetesIsTheSameFile() {
    assertThat(Repository.read(DASHBOARD_COPY))
        .as(DASHBOARD_COPY + " is a copy of " + DASHBOARD)
        .isEqualTo(Repository.read(DASHBOARD));
  }

  // --- Prometheus --------------------------------------------------------------------------

  /** Job name to its scrape configuration. */
  static Map<String, JsonNode> scrapeJobs() {
    Map<String, JsonNode> jobs = new LinkedHashMap<>();
    for (JsonNode job : Repository.yaml(PROMETHEUS).path("scrape_configs")) {
      jobs.put(job.path("job_name").asText(), job);
    }
    return jobs;
  }

  @ParameterizedTest
  @MethodSource("services")
  void prometheusScrapesEveryServiceOnItsPortAsAJobOfItsName(String service) {
    JsonNode job = scrapeJobs().get(service);
    assertThat(job).as("a scrape job named " + service).isNotNull();
    assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
    List<String> targets = new ArrayList<>();
    job.path("static_configs")
        .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
    assertThat(targets)
        .as(service + " reached by its compose name and HTTP port")
        .containsExactly(service + ":" + ServiceConfig.of(service).httpPort());
    assertThat(COMPOSE.path("services").has(service)).isTrue();
  }

  @Test
  void alertRulesParseAndReadKnownMetricsOfExistingJobs() {
    Set<String> jobs = scrapeJobs().keySet();
    List<JsonNode> rules = alertRules(Repository.yaml(ALERTS));
    assertThat(rules).isNotEmpty();
    Set<String> names = new TreeSet<>();
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      String expr = rule.path("expr").asText();
      String where = "alert " + name + ": " + expr;
      assertThat(name).as("alert name").isNotBlank();
      assertThat(names.add(name)).as(name + " defined once").isTrue();
      assertThat(rule.path("labels").path("severity").asText())
          .as(where)
          .isIn("critical", "warning");
      assertThat(rule.path("annotations").path("summary").asText()).as(where).isNotBlank();
      assertThat(KnownMetrics.referencedBy(expr))
          .as(where)
          .isNotEmpty()
          .allSatisfy(m -> assertThat(KnownMetrics.contains(m)).as(m).isTrue());
      assertThat(jobsNamedBy(expr, null, jobs)).as(where).isNotEmpty().isSubsetOf(jobs);
      if (rule.has("for")) {
        assertThat(rule.path("for").asText()).as(where).matches("\\d+[smh]");
      }
    }
  }

  @Test
  void alertsCoverWhatMustNotGoUnnoticed() {
    List<JsonNode> rules = alertRules(Repository.yaml(ALERTS));
    Map<String, String> byMetric = new LinkedHashMap<>();
    for (JsonNode rule : rules) {
      for (String metric : KnownMetrics.referencedBy(rule.path("expr").asText())) {
        byMetric.merge(metric, rule.path("expr").asText(), (a, b) -> a + "\n" + b);
      }
    }
    assertThat(byMetric)
        .containsKeys(
            "up",
            "followup_dead_letters_total",
            "followup_steps_lateness_seconds_bucket",
            "followup_outbox_pending",
            "kafka_consumer_fetch_manager_records_lag_max");
    assertThat(jobsNamedBy(byMetric.get("up"), null, scrapeJobs().keySet()))
        .as("a service down is noticed, whichever")
        .containsAll(services());
    assertThat(byMetric.get("followup_steps_lateness_seconds_bucket"))
        .as("p99 lateness above a minute")
        .contains("histogram_quantile(0.99")
        .containsPattern("> ?60\\b");
  }

  @Test
  void kubernetesRulesAreTheAlertsOfPrometheus() {
    JsonNode rule = Repository.yaml(RULES_ON_KUBERNETES);
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("spec").path("groups")).isEqualTo(Repository.yaml(ALERTS).path("groups"));
  }

  // --- docker-compose.yml ------------------------------------------------------------------

  @Test
  void composeRunsPrometheusWithTheseFiles() {
    JsonNode prometheus = composeService("prometheus");
    Map<String, String> mounts = mounts(prometheus);
    String config = argument(prometheus, "--config.file");
    assertThat(mounts).containsEntry(config, PROMETHEUS.toString());
    for (JsonNode ruleFile : Repository.yaml(PROMETHEUS).path("rule_files")) {
      String inContainer = Path.of(config).resolveSibling(ruleFile.asText()).normalize().toString();
      assertThat(mounts).as("rule file " + ruleFile).containsKey(inContainer);
      assertThat(Path.of(mounts.get(inContainer))).isRegularFile();
    }
    assertThat(mounts.values()).contains(ALERTS.toString());
  }

  @Test
  void composeRunsGrafanaWithTheDataSourceAndTheDashboard() {
    JsonNode grafana = composeService("grafana");
    Map<String, String> mounts = mounts(grafana);
    Path provisioning = Path.of(mounts.get("/etc/grafana/provisioning"));
    assertThat(provisioning).isDirectory();

    JsonNode datasource =
        Repository.yaml(provisioning.resolve("datasources/prometheus.yml"))
            .path("datasources")
            .get(0);
    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    URI url = URI.create(datasource.path("url").asText());
    assertThat(composeService(url.getHost()).path("ports").toString())
        .as("Prometheus listens on " + url.getPort())
        .contains(":" + url.getPort());
    assertThat(grafana.path("depends_on").has(url.getHost())).isTrue();

    String dashboards =
        Repository.yaml(provisioning.resolve("dashboards/followup.yml"))
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();
    assertThat(mounts)
        .as("the dashboard mounted where the provider looks")
        .containsEntry(dashboards + "/" + DASHBOARD.getFileName(), DASHBOARD.toString());
  }

  @ParameterizedTest
  @MethodSource("services")
  void composeServiceSendsItsSpansToTheCollector(String service) {
    String endpoint =
        composeService(service)
            .path("environment")
            .path("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")
            .asText();
    assertThat(endpoint).as(service + " OTLP endpoint").isNotBlank();
    URI url = URI.create(endpoint);
    JsonNode collector = composeService(url.getHost());
    List<String> exposed = new ArrayList<>();
    collector.path("expose").forEach(p -> exposed.add(p.asText()));
    collector.path("ports").forEach(p -> exposed.add(p.asText().replaceAll(".*:", "")));
    assertThat(exposed)
        .as(url.getHost() + " takes OTLP on " + url.getPort())
        .contains(String.valueOf(url.getPort()));
  }

  // --- Kubernetes --------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("dev.followup.manifests.KubernetesManifestsTest#kustomizations")
  void everyServiceIsScrapedThroughItsService(String kustomization) {
    List<ObjectNode> resources = KubernetesManifestsTest.build(kustomization);
    for (String service : services()) {
      String where = kustomization + ": ServiceMonitor " + service;
      ObjectNode monitor =
          Kustomize.find(resources, "ServiceMonitor", service)
              .orElseThrow(() -> new AssertionError(where + " missing"));
      ObjectNode svc = Kustomize.find(resources, "Service", service).orElseThrow();
      JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
      assertThat(selector.size()).as(where).isPositive();
      selector
          .properties()
          .forEach(
              e ->
                  assertThat(svc.path("metadata").path("labels").path(e.getKey()).asText())
                      .as(where + " selects the Service by " + e.getKey())
                      .isEqualTo(e.getValue().asText()));
      // The job label is then the Service's name: the one the alert rules name.
      assertThat(monitor.path("spec").has("jobLabel")).as(where).isFalse();
      Set<String> ports = new TreeSet<>();
      svc.path("spec").path("ports").forEach(p -> ports.add(p.path("name").asText()));
      for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
        assertThat(ports).as(where + " port").contains(endpoint.path("port").asText());
        assertThat(endpoint.path("path").asText()).as(where).isEqualTo("/q/metrics");
      }
      assertThat(monitor.path("spec").path("endpoints").size()).as(where).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("dev.followup.manifests.KubernetesManifestsTest#kustomizations")
  void theDashboardIsAConfigMapForGrafanasSidecar(String kustomization) {
    List<ObjectNode> dashboards =
        Kustomize.ofKind(KubernetesManifestsTest.build(kustomization), "ConfigMap").stream()
            .filter(c -> c.path("metadata").path("labels").has("grafana_dashboard"))
            .toList();
    assertThat(dashboards).as(kustomization + ": dashboard ConfigMaps").hasSize(1);
    assertThat(KubernetesManifestsTest.data(dashboards.get(0)))
        .containsEntry(DASHBOARD.getFileName().toString(), Repository.read(DASHBOARD));
  }

  @ParameterizedTest
  @MethodSource("dev.followup.manifests.KubernetesManifestsTest#kustomizations")
  void everyServiceExportsItsSpans(String kustomization) {
    List<ObjectNode> resources = KubernetesManifestsTest.build(kustomization);
    for (String service : services()) {
      String endpoint =
          KubernetesManifestsTest.environment(resources, service)
              .get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT");
      assertThat(endpoint).as(kustomization + ": OTLP endpoint of " + service).isNotBlank();
      assertThat(URI.create(endpoint).getPort()).as(endpoint).isPositive();
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private static List<JsonNode> alertRules(JsonNode file) {
    List<JsonNode> rules = new ArrayList<>();
    assertThat(file.path("groups").size()).as("rule groups").isPositive();
    for (JsonNode group : file.path("groups")) {
      assertThat(group.path("name").asText()).as("group name").isNotBlank();
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /**
   * The jobs an expression's {@code job} matchers select, among {@code jobs}; a matcher that is the
   * dashboard's job variable selects them all. A regular expression that selects no job fails.
   */
  private static Set<String> jobsNamedBy(String expr, String variable, Set<String> jobs) {
    Set<String> named = new TreeSet<>();
    Matcher m = JOB_MATCHER.matcher(expr);
    while (m.find()) {
      String value = m.group(2);
      if (value.equals(variable)) {
        named.addAll(jobs);
      } else if (m.group(1).equals("=~")) {
        Pattern regex = Pattern.compile(value);
        for (String alternative : value.split("\\|")) {
          assertThat(jobs).as(expr + ": job " + alternative).contains(alternative);
        }
        jobs.stream().filter(j -> regex.matcher(j).matches()).forEach(named::add);
      } else {
        named.add(value);
      }
    }
    return named;
  }

  private static JsonNode composeService(String name) {
    JsonNode service = COMPOSE.path("services").path(name);
    assertThat(service.isObject()).as("docker-compose.yml runs " + name).isTrue();
    return service;
  }

  /** Path in the container to the file or directory mounted there from the repository. */
  private static Map<String, String> mounts(JsonNode service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service.path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts[0].startsWith("./")) {
        mounts.put(parts[1], Repository.root().resolve(parts[0]).normalize().toString());
      }
    }
    return mounts;
  }

  private static String argument(JsonNode service, String flag) {
    for (JsonNode argument : service.path("command")) {
      if (argument.asText().startsWith(flag + "=")) {
        return argument.asText().substring(flag.length() + 1);
      }
    }
    throw new AssertionError("no " + flag + " in " + service.path("command"));
  }
}

package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where Prometheus' promtool is installed, it accepts the scrape configuration, the alert rules and
 * every query of the dashboard (as PromQL, Grafana's variables given a value). Skipped elsewhere.
 */
class PromtoolTest {

  @Test
  void acceptsTheConfigurationAndTheAlertRules() throws Exception {
    Path promtool = promtool();
    Path dir = Files.createTempDirectory("promtool");
    try {
      Files.copy(MonitoringTest.PROMETHEUS, dir.resolve("prometheus.yml"));
      Files.copy(MonitoringTest.ALERTS, dir.resolve("alerts.yml"));
      assertAccepted(promtool, "check", "config", dir.resolve("prometheus.yml").toString());
      assertAccepted(promtool, "check", "rules", dir.resolve("alerts.yml").toString());
    } finally {
      deleteTree(dir);
    }
  }

  @Test
  void acceptsEveryQueryOfTheDashboard() throws Exception {
    Path promtool = promtool();
    ObjectMapper json = new ObjectMapper();
    ObjectNode rules = json.createObjectNode();
    ObjectNode group = rules.putArray("groups").addObject().put("name", "dashboard");
    ArrayNode records = group.putArray("rules");
    List<JsonNode> panels = MonitoringTest.panels(MonitoringTest.dashboard());
    int i = 0;
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr =
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "1m")
                .replace("$job", "interview-service");
        records.addObject().put("record", "dashboard:query" + i++).put("expr", expr);
      }
    }
    Path file = Files.createTempFile("dashboard-queries", ".yml");
    try {
      // JSON is YAML: promtool reads it as a rule file of recording rules.
      json.writeValue(file.toFile(), rules);
      assertAccepted(promtool, "check", "rules", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void assertAccepted(Path promtool, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finishes").isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }

  private static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "promtool is not installed");
    return null;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

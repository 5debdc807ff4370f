package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml against the services it runs and the infrastructure they need. */
class ComposeFileTest {

  private static final JsonNode COMPOSE = Repository.yaml(Repository.path("docker-compose.yml"));
  private static final JsonNode SERVICES = COMPOSE.path("services");

  static List<String> services() {
    return Repository.services();
  }

  private static JsonNode service(String name) {
    JsonNode service = SERVICES.path(name);
    assertThat(service.isObject()).as("docker-compose.yml runs " + name).isTrue();
    return service;
  }

  /** Environment of a compose service, as a map whatever the form (map or KEY=value list). */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      for (JsonNode item : node) {
        String[] pair = item.asText().split("=", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    } else {
      node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  /** Services run once to completion by others: no health to check. */
  private static Set<String> oneShotServices() {
    Set<String> oneShots = new HashSet<>();
    SERVICES.forEach(
        s ->
            s.path("depends_on")
                .properties()
                .forEach(
                    d -> {
                      if (d.getValue()
                          .path("condition")
                          .asText()
                          .equals("service_completed_successfully")) {
                        oneShots.add(d.getKey());
                      }
                    }));
    return oneShots;
  }

  @Test
  void everyLongRunningServiceHasAHealthCheck() {
    Set<String> oneShots = oneShotServices();
    SERVICES
        .properties()
        .forEach(
            s -> {
              if (oneShots.contains(s.getKey())) {
                assertThat(s.getValue().path("restart").asText("no"))
                    .as(s.getKey() + " runs once: it must not restart")
                    .isEqualTo("no");
              } else {
                assertThat(s.getValue().path("healthcheck").path("test").isMissingNode())
                    .as(s.getKey() + " has a health check")
                    .isFalse();
              }
            });
  }

  @Test
  void dependenciesWaitForHealthOrCompletion() {
    SERVICES
        .properties()
        .forEach(
            s ->
                s.getValue()
                    .path("depends_on")
                    .properties()
                    .forEach(
                        d -> {
                          String what = s.getKey() + " depends on " + d.getKey();
                          assertThat(SERVICES.has(d.getKey())).as(what + ", defined").isTrue();
                          String condition = d.getValue().path("condition").asText();
                          assertThat(condition)
                              .as(what)
                              .isIn("service_healthy", "service_completed_successfully");
                          if (condition.equals("service_healthy")) {
                            assertThat(SERVICES.path(d.getKey()).has("healthcheck"))
                                .as(what + " being healthy: it needs a health check")
                                .isTrue();
                          }
                        }));
  }

  @ParameterizedTest
  @MethodSource("services")
  void serviceWaitsForItsDatabaseAndKafka(String name) {
    JsonNode dependsOn = service(name).path("depends_on");
    Map<String, String> env = environment(service(name));

    String databaseHost = hostOf(env.get("QUARKUS_DATASOURCE_JDBC_URL").replace("jdbc:", ""));
    String kafkaHost = env.get("KAFKA_BOOTSTRAP_SERVERS").split(":")[0];
    assertThat(dependsOn.has(databaseHost)).as(name + " waits for " + databaseHost).isTrue();
    assertThat(dependsOn.properties().stream().map(Map.Entry::getKey).toList())
        .as(name + " waits for Kafka, or the job that creates its topics after Kafka")
        .anyMatch(d -> d.equals(kafkaHost) || SERVICES.path(d).path("depends_on").has(kafkaHost));
  }

  @ParameterizedTest
  @MethodSource("services")
  void everyEnvironmentVariableSetsAKeyOfTheService(String name) {
    ServiceConfig config = ServiceConfig.of(name);

    assertThat(environment(service(name)).keySet())
        .as(name + ": variables that configure nothing in that service")
        .allSatisfy(
            variable ->
                assertThat(EnvironmentNames.keyOf(variable, config))
                    .as(variable + " on " + name)
                    .isPresent());
  }

  @ParameterizedTest
  @MethodSource("services")
  void healthCheckAsksTheServiceIfItIsReadyOnItsPort(String name) {
    int port = httpPort(name);
    String check = String.join(" ", texts(service(name).path("healthcheck").path("test")));

    assertThat(check).contains("localhost:" + port + "/q/health/ready");
    assertThat(texts(service(name).path("ports")))
        .as(name + " publishes its HTTP port")
        .anyMatch(p -> p.endsWith(":" + port));
  }

  @Test
  void hostPortsDoNotClash() {
    Map<String, String> owners = new HashMap<>();
    SERVICES
        .properties()
        .forEach(
            s -> {
              for (String mapping : texts(s.getValue().path("ports"))) {
                String[] parts = mapping.split(":");
                assertThat(parts.length)
                    .as(s.getKey() + ": " + mapping + " names its host port")
                    .isGreaterThanOrEqualTo(2);
                String hostPort = parts[parts.length - 2];
                String other = owners.putIfAbsent(hostPort, s.getKey());
                assertThat(other)
                    .as("host port " + hostPort + " of " + s.getKey() + " is taken by " + other)
                    .isNull();
              }
            });
    assertThat(owners).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("services")
  void imageIsTheOneTheBuildMakes(String name) throws Exception {
    JsonNode service = service(name);
    JsonNode build = service.path("build");

    assertThat(service.path("image").asText())
        .isEqualTo("followup/" + name + ":" + Repository.projectVersion());
    Path context = Repository.root().resolve(build.path("context").asText("."));
    Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
    assertThat(dockerfile).isRegularFile();
    assertThat(context.resolve(name).resolve("pom.xml")).isRegularFile();
    assertThat(build.path("args").path("SERVICE").asText()).isEqualTo(name);
    assertThat(Files.readString(dockerfile)).contains("${SERVICE}/target/quarkus-app/");
    Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
    if (Files.exists(ignore)) {
      assertThat(Files.readAllLines(ignore))
          .as(ignore + " lets the packaged " + name + " into the build context")
          .contains("!" + name + "/target/quarkus-app");
    }
  }

  @ParameterizedTest
  @MethodSource("services")
  void databaseAndUserAreCreatedByTheInitScript(String name) {
    Map<String, String> env = environment(service(name));
    String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
    String database = url.substring(url.lastIndexOf('/') + 1);
    String user = env.get("QUARKUS_DATASOURCE_USERNAME");
    String password = env.get("QUARKUS_DATASOURCE_PASSWORD");
    String host = hostOf(url.replace("jdbc:", ""));

    String init = initScripts(service(host));
    assertThat(init)
        .containsPattern("(?i)CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'")
        .containsPattern("(?i)CREATE DATABASE " + database + " OWNER " + user + ";");
  }

  @ParameterizedTest
  @MethodSource("services")
  void kafkaIsReachedThroughAnAdvertisedListener(String name) {
    String bootstrap = environment(service(name)).get("KAFKA_BOOTSTRAP_SERVERS");
    String broker = bootstrap.split(":")[0];

    assertThat(environment(service(broker)).get("KAFKA_ADVERTISED_LISTENERS"))
        .contains("//" + bootstrap);
  }

  @Test
  void everyTopicOfEveryServiceIsCreatedAndDeadLettersOutliveTheirTopic() {
    Map<String, Long> created = createdTopicRetention();

    for (String name : Repository.services()) {
      ServiceConfig config = ServiceConfig.of(name);
      assertThat(created.keySet()).as("topics created for " + name).containsAll(config.topics());
      config
          .values
          .entrySet()
          .forEach(
              e -> {
                if (e.getKey().endsWith(".dead-letter-queue.topic")) {
                  String channel =
                      e.getKey()
                          .substring(0, e.getKey().length() - ".dead-letter-queue.topic".length());
                  String source = config.values.get(channel + ".topic");
                  assertThat(created.get(e.getValue()))
                      .as(e.getValue() + " keeps its records longer than " + source)
                      .isGreaterThan(created.get(source));
                }
              });
    }
  }

  @Test
  void mailerPointsAtAComposeService() {
    for (String name : Repository.services()) {
      String host = environment(service(name)).get("QUARKUS_MAILER_HOST");
      if (host != null) {
        String port = environment(service(name)).get("QUARKUS_MAILER_PORT");
        assertThat(SERVICES.has(host)).as(name + " sends email through " + host).isTrue();
        assertThat(service(name).path("depends_on").has(host)).isTrue();
        assertThat(texts(service(host).path("ports"))).anyMatch(p -> p.endsWith(":" + port));
      }
    }
  }

  /** Topic to retention.ms, from the kafka-topics.sh calls of the topic-creating service. */
  private static Map<String, Long> createdTopicRetention() {
    Pattern call =
        Pattern.compile("^\\s*create\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);
    Map<String, Long> topics = new LinkedHashMap<>();
    SERVICES.forEach(
        s -> {
          String command = String.join("\n", texts(s.path("command")));
          if (command.contains("kafka-topics.sh") && command.contains("--create")) {
            Matcher m = call.matcher(command);
            while (m.find()) {
              topics.put(m.group(1), Long.parseLong(m.group(3)));
            }
          }
        });
    assertThat(topics).as("topics created by a kafka-topics.sh service").isNotEmpty();
    return topics;
  }

  private static String initScripts(JsonNode postgres) {
    StringBuilder scripts = new StringBuilder();
    for (String volume : texts(postgres.path("volumes"))) {
      String[] parts = volume.split(":");
      if (parts.length >= 2 && parts[1].startsWith("/docker-entrypoint-initdb.d")) {
        Path script = Repository.root().resolve(parts[0]).normalize();
        assertThat(script).isRegularFile();
        scripts.append(Repository.read(script));
      }
    }
    assertThat(scripts).as("init scripts mounted into the PostgreSQL container").isNotEmpty();
    return scripts.toString();
  }

  private static int httpPort(String name) {
    String port = environment(service(name)).get("QUARKUS_HTTP_PORT");
    return port != null ? Integer.parseInt(port) : ServiceConfig.of(name).httpPort();
  }

  private static String hostOf(String url) {
    return java.net.URI.create(url).getHost();
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.asText()));
    } else if (!node.isMissingNode()) {
      texts.add(node.asText());
    }
    return texts;
  }
}

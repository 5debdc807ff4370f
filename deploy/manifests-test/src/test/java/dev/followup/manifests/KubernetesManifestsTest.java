package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kustomize base and each overlay, built, against the services' configuration: what a
 * Deployment reads exists, every topic exists with room for its consumers, users may do what their
 * service does and partners no more than read.
 */
class KubernetesManifestsTest {

  static final String BASE = "deploy/kubernetes/base";
  static final String PARTNER = "partner-readonly";

  static Stream<String> kustomizations() {
    return Stream.of(
        BASE, "deploy/kubernetes/overlays/development", "deploy/kubernetes/overlays/production");
  }

  static List<ObjectNode> build(String kustomization) {
    return Kustomize.build(Repository.path(kustomization));
  }

  @Test
  void everyPathAKustomizationNamesExists() throws IOException {
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(Repository.path("deploy/kubernetes"))) {
      dirs = walk.filter(d -> Files.isRegularFile(d.resolve(Kustomize.FILE))).toList();
    }
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(3);
    for (Path dir : dirs) {
      assertThat(Kustomize.referencedPaths(dir))
          .as("resources and patches of " + dir.resolve(Kustomize.FILE))
          .allMatch(p -> Files.isRegularFile(p) || Files.isRegularFile(p.resolve(Kustomize.FILE)));
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void resourcesAreUnique(String kustomization) {
    Set<String> seen = new HashSet<>();
    for (ObjectNode resource : build(kustomization)) {
      String id = resource.path("kind").asText() + "/" + Kustomize.name(resource);
      assertThat(seen.add(id)).as(kustomization + " defines " + id + " twice").isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyConfigMapAndSecretReadIsDefined(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    Set<String> configMaps = names(resources, "ConfigMap");
    Set<String> secrets = names(resources, "Secret");
    // The Strimzi User Operator writes each KafkaUser's credentials to a Secret of its name.
    secrets.addAll(names(resources, "KafkaUser"));

    for (ObjectNode deployment : Kustomize.ofKind(resources, "Deployment")) {
      for (JsonNode container : Kustomize.containers(deployment)) {
        String where = kustomization + ": " + Kustomize.name(deployment);
        for (JsonNode from : container.path("envFrom")) {
          check(from.path("configMapRef"), configMaps, where + " envFrom ConfigMap");
          check(from.path("secretRef"), secrets, where + " envFrom Secret");
        }
        for (JsonNode env : container.path("env")) {
          check(env.path("valueFrom").path("configMapKeyRef"), configMaps, where + " ConfigMap");
          check(env.path("valueFrom").path("secretKeyRef"), secrets, where + " Secret");
          JsonNode keyRef = env.path("valueFrom").path("secretKeyRef");
          Optional<ObjectNode> secret =
              Kustomize.find(resources, "Secret", keyRef.path("name").asText());
          secret.ifPresent(
              s ->
                  assertThat(data(s).keySet())
                      .as(where + ": key of Secret " + Kustomize.name(s))
                      .contains(keyRef.path("key").asText()));
        }
      }
    }
    for (ObjectNode auth : Kustomize.ofKind(resources, "TriggerAuthentication")) {
      for (JsonNode ref : auth.path("spec").path("secretTargetRef")) {
        check(ref, secrets, kustomization + ": TriggerAuthentication " + Kustomize.name(auth));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyEnvironmentVariableSetsAKeyOfTheService(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    for (String service : Repository.services()) {
      ServiceConfig config = ServiceConfig.of(service);
      assertThat(environment(resources, service).keySet())
          .as(kustomization + ": variables of " + service + " that configure nothing there")
          .isNotEmpty()
          .allSatisfy(
              variable ->
                  assertThat(EnvironmentNames.keyOf(variable, config))
                      .as(variable + " on " + service)
                      .isPresent());
    }
  }

  /**
   * A service left on the base's placeholder key (or another issuer) would answer every request 401
   * while the others accept the same token: every service that verifies bearer tokens gets the key
   * location and the issuer, the same ones within a kustomization, and an overlay replaces the
   * base's placeholder.
   */
  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyServiceThatVerifiesTokensTrustsTheSameKeyAndIssuer(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    List<String> verifying =
        Repository.services().stream()
            .filter(s -> ServiceConfig.of(s).keys.stream().anyMatch(k -> k.startsWith("mp.jwt.")))
            .toList();
    assertThat(verifying).as("services that verify bearer tokens").isNotEmpty();

    Map<String, Set<String>> trusted = new LinkedHashMap<>();
    for (String service : verifying) {
      Map<String, String> env = environment(resources, service);
      for (String variable : List.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "MP_JWT_VERIFY_ISSUER")) {
        assertThat(env.get(variable))
            .as(kustomization + ": " + variable + " of " + service)
            .isNotBlank();
        trusted.computeIfAbsent(variable, v -> new TreeSet<>()).add(env.get(variable));
      }
      if (!kustomization.equals(BASE)) {
        assertThat(URI.create(env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).getHost())
            .as(kustomization + ": " + service + " still trusts the base's placeholder key")
            .satisfiesAnyOf(
                host -> assertThat(host).isNull(),
                host -> assertThat(host).doesNotEndWith(".invalid"));
      }
    }
    trusted.forEach(
        (variable, values) ->
            assertThat(values)
                .as(kustomization + ": " + variable + " differs between " + verifying)
                .hasSize(1));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyDeploymentHasProbesOnItsPortAndResources(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    List<String> services = Repository.services();
    assertThat(names(resources, "Deployment")).containsAll(services);

    for (ObjectNode deployment : Kustomize.ofKind(resources, "Deployment")) {
      String name = Kustomize.name(deployment);
      for (JsonNode container : Kustomize.containers(deployment)) {
        String where = kustomization + ": " + name + "/" + container.path("name").asText();
        JsonNode readiness = container.path("readinessProbe").path("httpGet");
        JsonNode liveness = container.path("livenessProbe").path("httpGet");
        assertThat(readiness.isObject()).as(where + " readiness probe").isTrue();
        assertThat(liveness.isObject()).as(where + " liveness probe").isTrue();
        int readinessPort = port(container, readiness.path("port"));
        int livenessPort = port(container, liveness.path("port"));
        if (services.contains(name)) {
          int expected = httpPort(resources, name);
          assertThat(readiness.path("path").asText()).as(where).isEqualTo("/q/health/ready");
          assertThat(liveness.path("path").asText()).as(where).isEqualTo("/q/health/live");
          assertThat(readinessPort).as(where + " readiness port").isEqualTo(expected);
          assertThat(livenessPort).as(where + " liveness port").isEqualTo(expected);
        }
        JsonNode limits = container.path("resources").path("limits");
        JsonNode requests = container.path("resources").path("requests");
        assertThat(requests.path("cpu").asText()).as(where + " cpu request").isNotBlank();
        assertThat(requests.path("memory").asText()).as(where + " memory request").isNotBlank();
        assertThat(limits.path("memory").asText()).as(where + " memory limit").isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyServiceHasAServiceAndADisruptionBudgetSelectingItsPods(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    for (String name : Repository.services()) {
      JsonNode podLabels =
          Kustomize.find(resources, "Deployment", name)
              .orElseThrow()
              .path("spec")
              .path("template")
              .path("metadata")
              .path("labels");
      for (String kind : List.of("Service", "PodDisruptionBudget")) {
        ObjectNode resource =
            Kustomize.find(resources, kind, name)
                .orElseThrow(() -> new AssertionError(kustomization + ": no " + kind + " " + name));
        JsonNode selector =
            kind.equals("Service")
                ? resource.path("spec").path("selector")
                : resource.path("spec").path("selector").path("matchLabels");
        assertThat(selector.size()).as(kustomization + ": " + kind + " " + name).isPositive();
        selector
            .properties()
            .forEach(
                e ->
                    assertThat(podLabels.path(e.getKey()).asText())
                        .as(kustomization + ": " + kind + " " + name + " selects its pods")
                        .isEqualTo(e.getValue().asText()));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void imagesAreTheBuildsOwn(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    for (String name : Repository.services()) {
      String image =
          Kustomize.containers(Kustomize.find(resources, "Deployment", name).orElseThrow())
              .get(0)
              .path("image")
              .asText();
      assertThat(image)
          .as(kustomization + ": image of " + name)
          .matches(
              "(.+/)?followup/"
                  + name
                  + ":"
                  + java.util.regex.Pattern.quote(Repository.projectVersion()));
      if (kustomization.equals(BASE)) {
        assertThat(image).isEqualTo("followup/" + name + ":" + Repository.projectVersion());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyTopicOfEveryServiceHasAKafkaTopic(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    Map<String, JsonNode> topics = topics(resources);
    Set<String> clusters = names(resources, "Kafka");
    int brokers = brokers(resources);

    for (String service : Repository.services()) {
      assertThat(topics.keySet())
          .as(kustomization + ": topics of " + service)
          .containsAll(ServiceConfig.of(service).topics());
    }
    topics.forEach(
        (name, topic) -> {
          String where = kustomization + ": KafkaTopic " + name;
          assertThat(clusters)
              .as(where + " belongs to a cluster")
              .contains(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText());
          JsonNode spec = topic.path("spec");
          assertThat(spec.path("partitions").asInt()).as(where + " partitions").isPositive();
          assertThat(spec.path("replicas").asInt())
              .as(where + " replicas, at most the " + brokers + " brokers")
              .isBetween(1, brokers);
          assertThat(retention(topic)).as(where + " retention.ms").isPositive();
          int minInsync = spec.path("config").path("min.insync.replicas").asInt(1);
          assertThat(minInsync)
              .as(where + ": min.insync.replicas below replicas, or one broker stops writes")
              .isLessThanOrEqualTo(Math.max(1, spec.path("replicas").asInt() - 1));
        });
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void deadLetterTopicsKeepRecordsLongerThanTheirTopic(String kustomization) {
    Map<String, JsonNode> topics = topics(build(kustomization));
    int checked = 0;
    for (String service : Repository.services()) {
      ServiceConfig config = ServiceConfig.of(service);
      for (Map.Entry<String, String> e : config.values.entrySet()) {
        String suffix = ".dead-letter-queue.topic";
        if (e.getKey().endsWith(suffix)) {
          String channel = e.getKey().substring(0, e.getKey().length() - suffix.length());
          String source = config.values.get(channel + ".topic");
          assertThat(retention(topics.get(e.getValue())))
              .as(kustomization + ": " + e.getValue() + " outlives " + source)
              .isGreaterThan(retention(topics.get(source)));
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void serviceUsersMayDoWhatTheirServiceDoes(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    for (String service : Repository.services()) {
      ServiceConfig config = ServiceConfig.of(service);
      ObjectNode user =
          Kustomize.find(resources, "KafkaUser", service)
              .orElseThrow(() -> new AssertionError(kustomization + ": no KafkaUser " + service));
      Map<String, Set<String>> allowed = acls(user);
      String where = kustomization + ": KafkaUser " + service;
      for (String topic : config.outgoingTopics()) {
        assertThat(allowed.get("topic:" + topic)).as(where + " on " + topic).contains("Write");
      }
      for (String topic : config.deadLetterTopics()) {
        assertThat(allowed.get("topic:" + topic)).as(where + " on " + topic).contains("Write");
      }
      config
          .incomingTopicGroups()
          .forEach(
              (topic, group) -> {
                assertThat(allowed.get("topic:" + topic))
                    .as(where + " on " + topic)
                    .contains("Read");
                assertThat(allowed.get("group:" + group))
                    .as(where + " on " + group)
                    .contains("Read");
              });
      Set<String> used = new TreeSet<>(config.topics());
      allowed.keySet().stream()
          .filter(k -> k.startsWith("topic:"))
          .forEach(
              k ->
                  assertThat(used)
                      .as(where + ": access to a topic the service does not use")
                      .contains(k.substring("topic:".length())));
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void partnerMayOnlyReadPublishedTopicsAndItsOwnGroup(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    ObjectNode partner = Kustomize.find(resources, "KafkaUser", PARTNER).orElseThrow();
    Set<String> published = new TreeSet<>();
    Set<String> serviceGroups = new TreeSet<>();
    for (String service : Repository.services()) {
      published.addAll(ServiceConfig.of(service).outgoingTopics());
      serviceGroups.addAll(ServiceConfig.of(service).incomingTopicGroups().values());
    }

    JsonNode rules = partner.path("spec").path("authorization").path("acls");
    assertThat(rules.size()).isPositive();
    for (JsonNode rule : rules) {
      String where = kustomization + ": " + PARTNER + " " + rule;
      assertThat(operations(rule)).as(where).isNotEmpty().isSubsetOf("Read", "Describe");
      assertThat(rule.path("type").asText("allow")).as(where).isEqualTo("allow");
      JsonNode resource = rule.path("resource");
      assertThat(resource.path("patternType").asText("literal")).as(where).isEqualTo("literal");
      String name = resource.path("name").asText();
      switch (resource.path("type").asText()) {
        case "topic" -> assertThat(published).as(where).contains(name);
        case "group" ->
            assertThat(serviceGroups).as(where + ": a service's group").doesNotContain(name);
        default -> throw new AssertionError(where + ": only topics and its group");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyConsumerScalesOnItsLagWithinThePartitions(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    Map<String, JsonNode> topics = topics(resources);
    Set<String> authentications = names(resources, "TriggerAuthentication");

    for (String service : Repository.services()) {
      Map<String, String> consumed = ServiceConfig.of(service).incomingTopicGroups();
      List<ObjectNode> scaling =
          Kustomize.ofKind(resources, "ScaledObject").stream()
              .filter(
                  s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(service))
              .toList();
      if (consumed.isEmpty()) {
        continue;
      }
      assertThat(scaling).as(kustomization + ": ScaledObject for " + service).hasSize(1);
      JsonNode spec = scaling.get(0).path("spec");
      String where = kustomization + ": ScaledObject " + Kustomize.name(scaling.get(0));
      int max = spec.path("maxReplicaCount").asInt();
      assertThat(spec.path("minReplicaCount").asInt(0)).as(where).isBetween(1, max);
      assertThat(spec.path("triggers").size()).as(where).isPositive();
      for (JsonNode trigger : spec.path("triggers")) {
        assertThat(trigger.path("type").asText()).as(where).isEqualTo("kafka");
        String topic = trigger.path("metadata").path("topic").asText();
        assertThat(consumed).as(where + ": a topic " + service + " consumes").containsKey(topic);
        assertThat(trigger.path("metadata").path("consumerGroup").asText())
            .as(where + ": the group " + service + " reads " + topic + " with")
            .isEqualTo(consumed.get(topic));
        assertThat(topics).as(where).containsKey(topic);
        assertThat(max)
            .as(where + ": maxReplicaCount within the partitions of " + topic)
            .isLessThanOrEqualTo(topics.get(topic).path("spec").path("partitions").asInt());
        assertThat(trigger.path("metadata").path("bootstrapServers").asText())
            .as(where)
            .isEqualTo(environment(resources, service).get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(authentications)
            .as(where)
            .contains(trigger.path("authenticationRef").path("name").asText());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyServiceDatabaseIsDeclaredWithItsOwner(String kustomization) {
    List<ObjectNode> resources = build(kustomization);
    for (String service : Repository.services()) {
      String where = kustomization + ": " + service;
      Map<String, String> env = environment(resources, service);
      URI url = URI.create(env.get("QUARKUS_DATASOURCE_JDBC_URL").replace("jdbc:", ""));
      String cluster = url.getHost().replaceFirst("-rw$", "");
      String name = url.getPath().substring(1);
      assertThat(url.getHost()).as(where + " connects to a primary").endsWith("-rw");
      ObjectNode pg =
          Kustomize.find(resources, "Cluster", cluster)
              .orElseThrow(() -> new AssertionError(where + ": no Cluster " + cluster));
      ObjectNode database =
          Kustomize.ofKind(resources, "Database").stream()
              .filter(d -> d.path("spec").path("name").asText().equals(name))
              .findFirst()
              .orElseThrow(() -> new AssertionError(where + ": no Database " + name));
      assertThat(database.path("spec").path("cluster").path("name").asText()).isEqualTo(cluster);
      String owner = database.path("spec").path("owner").asText();
      JsonNode role = null;
      for (JsonNode r : pg.path("spec").path("managed").path("roles")) {
        if (r.path("name").asText().equals(owner)) {
          role = r;
        }
      }
      assertThat(role).as(where + ": role " + owner + " on " + cluster).isNotNull();
      String roleSecret = role.path("passwordSecret").path("name").asText();
      JsonNode user = valueFrom(resources, service, "QUARKUS_DATASOURCE_USERNAME");
      JsonNode password = valueFrom(resources, service, "QUARKUS_DATASOURCE_PASSWORD");
      assertThat(user.path("name").asText()).as(where + " user's Secret").isEqualTo(roleSecret);
      assertThat(password.path("name").asText())
          .as(where + " password's Secret")
          .isEqualTo(roleSecret);
      ObjectNode secret = Kustomize.find(resources, "Secret", roleSecret).orElseThrow();
      assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/basic-auth");
      assertThat(data(secret).get(user.path("key").asText())).as(where).isEqualTo(owner);
    }
  }

  @Test
  void baseSecretsHoldOnlyPlaceholders() {
    Set<String> placeholders = Set.of("", "change-me");
    for (ObjectNode secret : Kustomize.ofKind(build(BASE), "Secret")) {
      data(secret)
          .forEach(
              (key, value) -> {
                boolean identity = key.equals("username") || key.equals("sasl");
                if (!identity) {
                  assertThat(value)
                      .as("base Secret " + Kustomize.name(secret) + " " + key)
                      .isIn(placeholders);
                }
              });
    }
  }

  @Test
  void productionKeepsNoCredentialAndDevelopmentNoPlaceholder() {
    Map<String, Map<String, String>> base = secrets(build(BASE));
    Map<String, Map<String, String>> production =
        secrets(build("deploy/kubernetes/overlays/production"));
    Map<String, Map<String, String>> development =
        secrets(build("deploy/kubernetes/overlays/development"));

    assertThat(production)
        .as("production's credentials come from its secret store")
        .isEqualTo(base);
    development.forEach(
        (name, data) ->
            data.forEach(
                (key, value) ->
                    assertThat(value)
                        .as("development Secret " + name + " " + key)
                        .isNotEqualTo("change-me")));
  }

  @Test
  void productionHasMoreOfEverything() {
    List<ObjectNode> base = build(BASE);
    List<ObjectNode> production = build("deploy/kubernetes/overlays/production");

    assertThat(brokers(production)).isGreaterThanOrEqualTo(3).isGreaterThan(brokers(base));
    topics(base)
        .forEach(
            (name, topic) -> {
              JsonNode prod = topics(production).get(name).path("spec");
              assertThat(prod.path("partitions").asInt())
                  .as("production partitions of " + name)
                  .isGreaterThanOrEqualTo(topic.path("spec").path("partitions").asInt());
              assertThat(prod.path("replicas").asInt())
                  .as("production replicas of " + name)
                  .isGreaterThanOrEqualTo(3);
            });
    for (String service : Repository.services()) {
      JsonNode baseSpec = Kustomize.find(base, "Deployment", service).orElseThrow().path("spec");
      JsonNode prodSpec =
          Kustomize.find(production, "Deployment", service).orElseThrow().path("spec");
      assertThat(prodSpec.path("replicas").asInt())
          .as("production replicas of " + service)
          .isGreaterThan(baseSpec.path("replicas").asInt());
      assertThat(
              memory(
                  Kustomize.containers(Kustomize.find(production, "Deployment", service).get())
                      .get(0)))
          .as("production memory of " + service)
          .isGreaterThan(
              memory(
                  Kustomize.containers(Kustomize.find(base, "Deployment", service).get()).get(0)));
    }
    assertThat(
            Kustomize.find(production, "Cluster", "followup-db")
                .orElseThrow()
                .path("spec")
                .path("instances")
                .asInt())
        .isGreaterThanOrEqualTo(3);
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Every variable a service's container gets: its env and the keys of what envFrom names. */
  static Map<String, String> environment(List<ObjectNode> resources, String service) {
    Map<String, String> env = new LinkedHashMap<>();
    ObjectNode deployment =
        Kustomize.find(resources, "Deployment", service)
            .orElseThrow(() -> new AssertionError("no Deployment " + service));
    for (JsonNode container : Kustomize.containers(deployment)) {
      for (JsonNode from : container.path("envFrom")) {
        String prefix = from.path("prefix").asText("");
        for (String kind : List.of("ConfigMap", "Secret")) {
          String ref = kind.equals("ConfigMap") ? "configMapRef" : "secretRef";
          if (from.has(ref)) {
            Kustomize.find(resources, kind, from.path(ref).path("name").asText())
                .ifPresent(r -> data(r).forEach((k, v) -> env.put(prefix + k, v)));
          }
        }
      }
      for (JsonNode variable : container.path("env")) {
        env.put(variable.path("name").asText(), variable.path("value").asText(null));
      }
    }
    return env;
  }

  private static JsonNode valueFrom(List<ObjectNode> resources, String service, String variable) {
    for (JsonNode container :
        Kustomize.containers(Kustomize.find(resources, "Deployment", service).orElseThrow())) {
      for (JsonNode env : container.path("env")) {
        if (env.path("name").asText().equals(variable)) {
          return env.path("valueFrom").path("secretKeyRef");
        }
      }
    }
    throw new AssertionError(service + " does not read " + variable + " from a Secret");
  }

  private static int httpPort(List<ObjectNode> resources, String service) {
    String port = environment(resources, service).get("QUARKUS_HTTP_PORT");
    return port != null ? Integer.parseInt(port) : ServiceConfig.of(service).httpPort();
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  private static int port(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (declared.path("name").asText().equals(port.asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    throw new AssertionError(container.path("name").asText() + " declares no port " + port);
  }

  private static Map<String, JsonNode> topics(List<ObjectNode> resources) {
    Map<String, JsonNode> topics = new LinkedHashMap<>();
    for (ObjectNode topic : Kustomize.ofKind(resources, "KafkaTopic")) {
      topics.put(topic.path("spec").path("topicName").asText(Kustomize.name(topic)), topic);
    }
    return topics;
  }

  private static long retention(JsonNode topic) {
    assertThat(topic).isNotNull();
    return topic.path("spec").path("config").path("retention.ms").asLong();
  }

  private static int brokers(List<ObjectNode> resources) {
    return Kustomize.ofKind(resources, "KafkaNodePool").stream()
        .filter(p -> p.path("spec").path("roles").toString().contains("broker"))
        .mapToInt(p -> p.path("spec").path("replicas").asInt())
        .sum();
  }

  /** Resource ("topic:name", "group:name") to the operations a KafkaUser is allowed on it. */
  private static Map<String, Set<String>> acls(JsonNode user) {
    Map<String, Set<String>> allowed = new HashMap<>();
    for (JsonNode rule : user.path("spec").path("authorization").path("acls")) {
      JsonNode resource = rule.path("resource");
      allowed
          .computeIfAbsent(
              resource.path("type").asText() + ":" + resource.path("name").asText(),
              k -> new TreeSet<>())
          .addAll(operations(rule));
    }
    return allowed;
  }

  private static List<String> operations(JsonNode rule) {
    List<String> operations = new ArrayList<>();
    rule.path("operations").forEach(o -> operations.add(o.asText()));
    if (rule.has("operation")) {
      operations.add(rule.path("operation").asText());
    }
    return operations;
  }

  private static Map<String, Map<String, String>> secrets(List<ObjectNode> resources) {
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    Kustomize.ofKind(resources, "Secret").forEach(s -> secrets.put(Kustomize.name(s), data(s)));
    return secrets;
  }

  /** A ConfigMap's data, or a Secret's stringData and (decoded) data. */
  static Map<String, String> data(JsonNode resource) {
    Map<String, String> data = new LinkedHashMap<>();
    boolean secret = resource.path("kind").asText().equals("Secret");
    resource
        .path("data")
        .properties()
        .forEach(
            e ->
                data.put(
                    e.getKey(),
                    secret
                        ? new String(java.util.Base64.getDecoder().decode(e.getValue().asText()))
                        : e.getValue().asText()));
    resource
        .path("stringData")
        .properties()
        .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  private static Set<String> names(List<ObjectNode> resources, String kind) {
    Set<String> names = new TreeSet<>();
    Kustomize.ofKind(resources, kind).forEach(r -> names.add(Kustomize.name(r)));
    return names;
  }

  private static void check(JsonNode ref, Set<String> defined, String what) {
    if (!ref.isMissingNode()) {
      assertThat(defined)
          .as(what + " " + ref.path("name").asText())
          .contains(ref.path("name").asText());
    }
  }

  /** A container's memory limit in bytes. */
  private static long memory(JsonNode container) {
    String limit = container.path("resources").path("limits").path("memory").asText();
    Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30);
    for (Map.Entry<String, Long> unit : units.entrySet()) {
      if (limit.endsWith(unit.getKey())) {
        return Long.parseLong(limit.substring(0, limit.length() - 2)) * unit.getValue();
      }
    }
    return Long.parseLong(limit);
  }
}

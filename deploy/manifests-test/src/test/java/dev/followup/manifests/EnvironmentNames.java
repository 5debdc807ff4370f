package dev.followup.manifests;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an environment variable set on a service configures something that service has. The
 * MicroProfile Config rule maps a key to its variable: upper case, every character other than a
 * letter or digit replaced by {@code _} (quarkus.datasource.jdbc.url becomes
 * QUARKUS_DATASOURCE_JDBC_URL).
 */
final class EnvironmentNames {

  /**
   * Keys that extensions define, so that a service's application.properties need not name them for
   * the deployment to set them. Each entry is a key or, ending with a dot, a key prefix.
   */
  static final List<String> EXTENSION_KEYS =
      List.of(
          // JDBC URL, user and password of the service's database (quarkus-jdbc-postgresql).
          "quarkus.datasource.",
          // The Kafka extension hands every kafka.* property (KAFKA_* in the environment) to
          // each Kafka client: bootstrap servers, security protocol, SASL mechanism and JAAS.
          "kafka.",
          // Verification of the platform's tokens (quarkus-smallrye-jwt).
          "mp.jwt.",
          // The SMTP relay: host, port, TLS, login (quarkus-mailer).
          "quarkus.mailer.",
          // Where spans are exported over OTLP (quarkus-opentelemetry).
          "quarkus.otel.exporter.otlp.endpoint",
          "quarkus.http.port",
          "quarkus.log.level");

  /** Read by the image's start command, not by the application's configuration. */
  static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS", "JAVA_OPTS_APPEND");

  private EnvironmentNames() {}

  static String of(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** The key (or allowed prefix) the variable sets on that service, if any. */
  static Optional<String> keyOf(String variable, ServiceConfig config) {
    if (IMAGE_VARIABLES.contains(variable) || config.referencedEnvironment.contains(variable)) {
      return Optional.of(variable);
    }
    for (String key : config.keys) {
      if (of(key).equals(variable)) {
        return Optional.of(key);
      }
    }
    for (String key : EXTENSION_KEYS) {
      String name = of(key);
      if (key.endsWith(".") ? variable.startsWith(name) : variable.equals(name)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }
}

package dev.followup.system;

import dev.followup.infra.FreePorts;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.LocalSmtpServer;
import dev.followup.infra.ServiceProcess;
import dev.followup.infra.SharedInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The three packaged services, each its own process, against one real Kafka broker, one real
 * PostgreSQL server (a database per service) and one real SMTP server, all started here.
 */
final class RunningSystem implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  final String bootstrapServers;
  final LocalSmtpServer smtp;
  final ServiceProcess interviews;
  final ServiceProcess schedules;
  final ServiceProcess notifications;
  final Tokens tokens;
  private final Path root;
  private final Path logs;
  private final Map<String, String> scheduleConfig;

  private RunningSystem(
      Map<String, String> scheduleOverrides, Map<String, String> notificationOverrides) {
    root = Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
    logs = root.resolve("system-tests/target/service-logs");
    tokens = Tokens.fromRepository(root);
    bootstrapServers = SharedInfrastructure.kafkaBootstrapServers();
    smtp = SharedInfrastructure.smtp();

    Map<String, String> common = new HashMap<>();
    common.put("kafka.bootstrap.servers", bootstrapServers);
    common.put("quarkus.datasource.username", LocalPostgres.USER);
    common.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
    common.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");

    Map<String, String> interviewConfig = new HashMap<>(common);
    interviewConfig.put(
        "quarkus.datasource.jdbc.url", SharedInfrastructure.postgresDatabase("interviews"));
    // The development key pair: Tokens signs with its private half.
    interviewConfig.put("mp.jwt.verify.publickey.location", "jwt/dev-public-key.pem");

    scheduleConfig = new HashMap<>(common);
    scheduleConfig.put(
        "quarkus.datasource.jdbc.url", SharedInfrastructure.postgresDatabase("schedules"));
    // The same development key for every service that checks bearer tokens (as a file: each
    // service need not ship a copy).
    scheduleConfig.put("mp.jwt.verify.publickey.location", devPublicKey());
    scheduleConfig.putAll(scheduleOverrides);

    Map<String, String> notificationConfig = new HashMap<>(common);
    notificationConfig.put(
        "quarkus.datasource.jdbc.url", SharedInfrastructure.postgresDatabase("notifications"));
    notificationConfig.put("quarkus.mailer.host", smtp.host());
    notificationConfig.put("quarkus.mailer.port", Integer.toString(smtp.port()));
    notificationConfig.put("mp.jwt.verify.publickey.location", devPublicKey());
    notificationConfig.putAll(notificationOverrides);

    interviews =
        ServiceProcess.of(
            "interview-service",
            root.resolve("interview-service"),
            FreePorts.find(),
            interviewConfig,
            logs.resolve("interview-service.log"));
    schedules =
        ServiceProcess.of(
            "schedule-service",
            root.resolve("schedule-service"),
            FreePorts.find(),
            scheduleConfig,
            logs.resolve("schedule-service.log"));
    notifications =
        ServiceProcess.of(
            "notification-service",
            root.resolve("notification-service"),
            FreePorts.find(),
            notificationConfig,
            logs.resolve("notification-service.log"));
  }

  static RunningSystem start(Map<String, String> scheduleOverrides) {
    return start(scheduleOverrides, Map.of());
  }

  static RunningSystem start(
      Map<String, String> scheduleOverrides, Map<String, String> notificationOverrides) {
    RunningSystem system = new RunningSystem(scheduleOverrides, notificationOverrides);
    system.interviews.start(START_TIMEOUT);
    system.schedules.start(START_TIMEOUT);
    system.notifications.start(START_TIMEOUT);
    return system;
  }

  private String devPublicKey() {
    return root.resolve("interview-service/src/main/resources/jwt/dev-public-key.pem").toString();
  }

  void restartSchedules() {
    schedules.start(START_TIMEOUT);
  }

  /** Starts another schedule-service instance on the same database and consumer group. */
  ServiceProcess startAnotherScheduleInstance(String name) {
    return ServiceProcess.of(
            name,
            root.resolve("schedule-service"),
            FreePorts.find(),
            scheduleConfig,
            logs.resolve(name + ".log"))
        .start(START_TIMEOUT);
  }

  @Override
  public void close() {
    notifications.stop();
    schedules.stop();
    interviews.stop();
  }
}

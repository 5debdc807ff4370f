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
import java.util.function.Function;

/**
 * The three packaged services, each its own process, against one real Kafka broker, one real
 * PostgreSQL server (a database per service) and one real SMTP server, all started here.
 */
final class RunningSystem implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  final String bootstrapServers;
  final LocalSmtpServer smtp;
  final ServiceProcess interviews;
  final ServiceProcess schedules;
  final ServiceProcess notifications;
  final Tokens tokens;
  private final Path root;
  private final Path logs;
  private final Map<String, String> scheduleConfig;

  /**
   * Where the services find their infrastructure, and settings of each service beyond the ones this
   * class sets.
   *
   * @param databaseUrl JDBC URL of a database by name, created if needed
   * @param mailHost where the notification-service sends email (the SMTP server, or a proxy)
   */
  record Infrastructure(
      String bootstrapServers,
      Function<String, String> databaseUrl,
      LocalSmtpServer smtp,
      String mailHost,
      int mailPort,
      Map<String, String> interviewOverrides,
      Map<String, String> scheduleOverrides,
      Map<String, String> notificationOverrides) {}

  private RunningSystem(
      Map<String, String> scheduleOverrides, Map<String, String> notificationOverrides) {
    this(
        new Infrastructure(
            SharedInfrastructure.kafkaBootstrapServers(),
            SharedInfrastructure::postgresDatabase,
            SharedInfrastructure.smtp(),
            SharedInfrastructure.smtp().host(),
            SharedInfrastructure.smtp().port(),
            Map.of(),
            scheduleOverrides,
            notificationOverrides));
  }

  private RunningSystem(Infrastructure infrastructure) {
    root = Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
    logs = root.resolve("system-tests/target/service-logs");
    tokens = Tokens.fromRepository(root);
    bootstrapServers = infrastructure.bootstrapServers();
    smtp = infrastructure.smtp();

    Map<String, String> common = new HashMap<>();
    common.put("kafka.bootstrap.servers", bootstrapServers);
    common.put("quarkus.datasource.username", LocalPostgres.USER);
    common.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
    common.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");

    Map<String, String> interviewConfig = new HashMap<>(common);
    interviewConfig.put(
        "quarkus.datasource.jdbc.url", infrastructure.databaseUrl().apply("interviews"));
    // The development key pair: Tokens signs with its private half.
    interviewConfig.put("mp.jwt.verify.publickey.location", "jwt/dev-public-key.pem");
    interviewConfig.putAll(infrastructure.interviewOverrides());

    scheduleConfig = new HashMap<>(common);
    scheduleConfig.put(
        "quarkus.datasource.jdbc.url", infrastructure.databaseUrl().apply("schedules"));
    // The same development key for every service that checks bearer tokens (as a file: each
    // service need not ship a copy).
    scheduleConfig.put("mp.jwt.verify.publickey.location", devPublicKey());
    scheduleConfig.putAll(infrastructure.scheduleOverrides());

    Map<String, String> notificationConfig = new HashMap<>(common);
    notificationConfig.put(
        "quarkus.datasource.jdbc.url", infrastructure.databaseUrl().apply("notifications"));
    notificationConfig.put("quarkus.mailer.host", infrastructure.mailHost());
    notificationConfig.put("quarkus.mailer.port", Integer.toString(infrastructure.mailPort()));
    notificationConfig.put("mp.jwt.verify.publickey.location", devPublicKey());
    // Signs the one-click unsubscribe links, so the emails under test carry them as in production.
    notificationConfig.put(
        "delivery.unsubscribe.secret", "system-tests-unsubscribe-secret-7c2e9b41a6");
    // The local Web Push service listens on plain HTTP; production accepts https endpoints only.
    notificationConfig.put("push.allow-insecure-endpoints", "true");
    notificationConfig.putAll(infrastructure.notificationOverrides());

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
    return startAll(new RunningSystem(scheduleOverrides, notificationOverrides));
  }

  /** Starts the three services on the given infrastructure instead of the JVM's shared one. */
  static RunningSystem start(Infrastructure infrastructure) {
    return startAll(new RunningSystem(infrastructure));
  }

  /**
   * The same (every start is side by side: none of the three waits for another to be ready, each
   * retries its broker and database connections, and start-up is mostly JIT work that a second core
   * shares).
   */
  static RunningSystem startInParallel(Infrastructure infrastructure) {
    return startAll(new RunningSystem(infrastructure));
  }

  private static RunningSystem startAll(RunningSystem system) {
    // A thread each: the common pool has a single thread on a two-core machine.
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      java.util.List<java.util.concurrent.CompletableFuture<ServiceProcess>> starting =
          java.util.stream.Stream.of(system.interviews, system.schedules, system.notifications)
              .map(
                  service ->
                      java.util.concurrent.CompletableFuture.supplyAsync(
                          () -> service.start(START_TIMEOUT), threads))
              .toList();
      starting.forEach(java.util.concurrent.CompletableFuture::join);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    } finally {
      threads.shutdown();
    }
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
    return startAnotherScheduleInstance(name, Map.of());
  }

  /** The same, with some settings of its own (its {@code timers.instance-id}, say). */
  ServiceProcess startAnotherScheduleInstance(String name, Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(scheduleConfig);
    config.putAll(overrides);
    return ServiceProcess.of(
            name,
            root.resolve("schedule-service"),
            FreePorts.find(),
            config,
            logs.resolve(name + ".log"))
        .start(START_TIMEOUT);
  }

  /** Starts a service of this system again, after it was killed or stopped. */
  void restart(ServiceProcess service) {
    service.start(START_TIMEOUT);
  }

  @Override
  public void close() {
    notifications.stop();
    schedules.stop();
    interviews.stop();
  }
}

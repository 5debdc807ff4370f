package dev.followup.system;

import dev.followup.infra.FreePorts;
import dev.followup.infra.InJvmKafkaBroker;
import dev.followup.infra.KafkaServerProcess;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.LocalPushService;
import dev.followup.infra.LocalSmsProvider;
import dev.followup.infra.LocalSmtpServer;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.SmtpFaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Infrastructure that faults can be done to: a Kafka broker in its own process (so it can be
 * killed), PostgreSQL on a fixed port with its data on disk (so it can be stopped and started again
 * where it was), and the SMTP server behind a proxy that can make sends fail; beside them the other
 * two providers, a local Twilio Messages API and a Web Push service that checks VAPID and decrypts
 * each push.
 */
final class FaultInfrastructure implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path directory;
  private final KafkaServerProcess kafka;
  private final int postgresPort;
  private LocalPostgres postgres;
  final LocalSmtpServer smtp;
  final SmtpFaultProxy smtpProxy;
  final LocalSmsProvider sms;
  final LocalPushService push;
  private final LocalPushService.VapidKeys vapid = LocalPushService.VapidKeys.generate();

  private FaultInfrastructure(Path directory) throws IOException, InterruptedException {
    this.directory = directory;
    deleteRecursively(directory);
    Files.createDirectories(directory);
    kafka =
        new KafkaServerProcess(
            directory.resolve("kafka"), FreePorts.find(), FreePorts.find(), kafkaClassPath());
    postgresPort = FreePorts.find();
    // PostgreSQL starts while the broker does: neither needs the other.
    CompletableFuture<LocalPostgres> startingPostgres =
        CompletableFuture.supplyAsync(
            () -> LocalPostgres.startPersistent(directory.resolve("postgres"), postgresPort),
            runnable -> new Thread(runnable, "postgres-start").start());
    kafka.start(START_TIMEOUT);
    InJvmKafkaBroker.createTopics(kafka.bootstrapServers(), 3, SharedInfrastructure.TOPICS);
    postgres = startingPostgres.join();
    smtp = LocalSmtpServer.start(0);
    smtpProxy = SmtpFaultProxy.start(smtp.host(), smtp.port(), 20261130L);
    sms = LocalSmsProvider.start(0);
    push = LocalPushService.start(0, vapid.publicKey());
  }

  static FaultInfrastructure start(Path directory) {
    try {
      return new FaultInfrastructure(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The notification-service's settings for the SMS provider and Web Push (its VAPID pair). */
  Map<String, String> providerSettings() {
    return Map.of(
        "sms.twilio.base-url",
        sms.baseUrl(),
        "sms.twilio.account-sid",
        LocalSmsProvider.ACCOUNT_SID,
        "sms.twilio.auth-token",
        LocalSmsProvider.AUTH_TOKEN,
        "sms.twilio.from",
        LocalSmsProvider.FROM,
        "push.vapid.public-key",
        vapid.publicKey(),
        "push.vapid.private-key",
        vapid.privateKey());
  }

  synchronized String databaseUrl(String name) {
    return postgres.createDatabase(name);
  }

  /** A new connection to {@code database} as the superuser, for the test's own queries. */
  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + postgresPort + "/" + database,
        LocalPostgres.USER,
        LocalPostgres.PASSWORD);
  }

  void killKafka() {
    kafka.kill();
  }

  void startKafka() {
    try {
      kafka.start(START_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code pg_ctl stop -m immediate}: every backend ends at once, crash recovery at next start. */
  synchronized void stopPostgresImmediately() {
    postgres.stopImmediately(Duration.ofSeconds(30));
  }

  synchronized void startPostgres() {
    postgres = LocalPostgres.startPersistent(directory.resolve("postgres"), postgresPort);
  }

  /**
   * The class path the broker process runs with: the Kafka jars this test has. Failsafe hands the
   * test JVM a manifest-only jar, so the full path comes from its own property.
   */
  private static String kafkaClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @Override
  public void close() {
    push.close();
    sms.close();
    smtpProxy.close();
    smtp.close();
    try {
      postgres.close();
    } catch (RuntimeException e) {
      System.err.println("While stopping PostgreSQL: " + e.getMessage());
    }
    kafka.close();
  }
}

package dev.followup.localstack;

import dev.followup.infra.InJvmKafkaBroker;
import dev.followup.infra.KafkaServerProcess;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.LocalPushService;
import dev.followup.infra.LocalSmsProvider;
import dev.followup.infra.LocalSmtpServer;
import dev.followup.infra.ServiceProcess;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on this machine without Docker: a Kafka broker process with every topic,
 * PostgreSQL with a database per service, local stand-ins for the SMTP relay, Twilio and the Web
 * Push services, a page showing every message they caught, and the three packaged services. Ctrl-C
 * stops everything; all data lives under {@code .local-stack/}.
 *
 * <p>Usage: {@code java -jar deploy/local-stack/target/followup-local-stack.jar [--demo]}, from the
 * repository root, after {@code ./mvnw package -DskipTests}.
 */
public final class LocalStack {

  static final int KAFKA_PORT = 9092;
  static final int KAFKA_CONTROLLER_PORT = 9093;
  // Not 5432, which a PostgreSQL installed on the machine may hold.
  static final int POSTGRES_PORT = 15432;
  static final int SMTP_PORT = 2525;
  static final int MESSAGES_PAGE_PORT = 8025;
  static final int SMS_PORT = 8026;
  static final int PUSH_PORT = 8027;

  /** OTLP/HTTP's default port: the services export their spans here. */
  static final int TRACES_PORT = 4318;

  static final int INTERVIEW_PORT = 8081;
  static final int SCHEDULE_PORT = 8082;
  static final int NOTIFICATION_PORT = 8083;

  /** Every topic the services read or write, created before they start. */
  static final List<String> TOPICS =
      List.of(
          "interview-events",
          "interview-events.dlq",
          "interview-events.notification.dlq",
          "follow-ups-due",
          "follow-ups-due.dlq",
          "plan-events",
          "notification-events");

  /**
   * The notification-service's development VAPID key pair (its application.properties, dev
   * profile): the packaged service runs in the prod profile, which has none.
   */
  private static final String VAPID_PUBLIC_KEY =
      "BDEfWqULiS46AgMoHo6MiHsRHS58olvrkGjSbPLX5-yJcapHMCLWIm6H8ZLTFCv4xGgHLzhTp0hUYFsU4IMfJk0";

  private static final String VAPID_PRIVATE_KEY = "IFubvyaQGkqo22jnuHYUoHSlI2VtEcEwuXQr2rafz94";

  private final List<AutoCloseable> running = new ArrayList<>();
  private LocalPushService push;

  public static void main(String[] args) throws Exception {
    // Before anything logs: Kafka's test kit on the class path brings a log4j2.yaml of its own,
    // which would otherwise win and print every embedded server's chatter.
    System.setProperty("log4j2.configurationFile", "classpath:local-stack-log4j2.xml");
    boolean demo = List.of(args).contains("--demo");
    Path root = repositoryRoot();
    Path data =
        Path.of(System.getProperty("followup.data", root.resolve(".local-stack").toString()));
    LocalStack stack = new LocalStack();
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) stop everything in order, here,
    // before the JVM begins to shut down: its shutdown hooks run all at once, and the embedded
    // PostgreSQL registers one of its own, which would stop the database while the services are
    // still finishing their work.
    for (String signal : List.of("INT", "TERM", "HUP")) {
      OrderlyStop.on(signal, () -> stack.stopAll(stopped));
    }
    // Any other exit (an error, System.exit) still stops what runs, in whatever order the JVM's
    // hooks allow.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stack.stopAll(stopped), "stop-local-stack"));
    try {
      stack.start(root, data);
    } catch (Exception e) {
      System.err.println("Start-up failed: " + e.getMessage());
      System.exit(1);
    }
    if (demo) {
      Demo.run(
          root,
          "http://localhost:" + INTERVIEW_PORT,
          "http://localhost:" + SCHEDULE_PORT,
          "http://localhost:" + NOTIFICATION_PORT,
          stack.push);
    }
    stopped.await();
  }

  private void start(Path root, Path data) throws Exception {
    Files.createDirectories(data);
    System.out.println("Data directory: " + data + " (delete it to start afresh)");

    KafkaServerProcess kafka =
        new KafkaServerProcess(
            data.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT, classPathOfThisProgram());
    running.add(kafka);
    kafka.start(Duration.ofSeconds(60));
    InJvmKafkaBroker.createTopics(kafka.bootstrapServers(), 3, TOPICS);
    System.out.println("Kafka       " + kafka.bootstrapServers() + " " + TOPICS);

    LocalPostgres postgres = LocalPostgres.startPersistent(data.resolve("postgres"), POSTGRES_PORT);
    running.add(postgres);
    System.out.println("PostgreSQL  localhost:" + POSTGRES_PORT + " (user postgres)");

    LocalSmtpServer smtp = LocalSmtpServer.start(SMTP_PORT);
    running.add(smtp);
    System.out.println("SMTP        localhost:" + SMTP_PORT);
    LocalSmsProvider sms = LocalSmsProvider.start(SMS_PORT);
    running.add(sms);
    System.out.println("SMS         " + sms.baseUrl() + " (Twilio's Messages API)");
    push = LocalPushService.start(PUSH_PORT, VAPID_PUBLIC_KEY);
    running.add(push);
    System.out.println("Web Push    " + push.origin() + " (a push service and its browsers)");
    TraceCollector traces = TraceCollector.start(TRACES_PORT);
    running.add(traces);
    System.out.println("OTLP        " + traces.endpoint() + " (spans, shown on the page below)");
    MessagesPage page =
        new MessagesPage(MESSAGES_PAGE_PORT)
            .show("email", new CapturedEmails(smtp))
            .show("sms", new CapturedSms(sms))
            .show("push", new CapturedPush(push))
            .showTraces(traces);
    running.add(page);
    page.start();

    Map<String, String> common = new HashMap<>();
    common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    common.put("quarkus.datasource.username", LocalPostgres.USER);
    common.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
    // The packaged services run in the prod profile, whose console logs are JSON for a log
    // collector; here they go to files people read.
    common.put("quarkus.log.console.json.enabled", "false");
    // Spans go to the collector above over OTLP/HTTP (the packaged services export over gRPC by
    // default; the protocol and the endpoint are runtime settings), sent as soon as they end so
    // that a trace is whole on the page within a second or so.
    common.put("quarkus.otel.exporter.otlp.protocol", "http/protobuf");
    common.put("quarkus.otel.exporter.otlp.endpoint", traces.endpoint());
    common.put("quarkus.otel.bsp.schedule.delay", "500ms");
    // Trust the development key pair (see DevToken): tokens for local use only.
    common.put("mp.jwt.verify.publickey.location", "jwt/dev-public-key.pem");

    Map<String, String> interviews = new HashMap<>(common);
    interviews.put("quarkus.datasource.jdbc.url", postgres.createDatabase("interviews"));
    Map<String, String> schedules = new HashMap<>(common);
    schedules.put("quarkus.datasource.jdbc.url", postgres.createDatabase("schedules"));
    Map<String, String> notifications = new HashMap<>(common);
    notifications.put("quarkus.datasource.jdbc.url", postgres.createDatabase("notifications"));
    notifications.put("quarkus.mailer.host", "localhost");
    notifications.put("quarkus.mailer.port", Integer.toString(SMTP_PORT));
    notifications.put("sms.twilio.base-url", sms.baseUrl());
    notifications.put("sms.twilio.account-sid", LocalSmsProvider.ACCOUNT_SID);
    notifications.put("sms.twilio.auth-token", LocalSmsProvider.AUTH_TOKEN);
    notifications.put("sms.twilio.from", LocalSmsProvider.FROM);
    notifications.put("push.vapid.public-key", VAPID_PUBLIC_KEY);
    notifications.put("push.vapid.private-key", VAPID_PRIVATE_KEY);
    // The local Web Push service listens on plain HTTP; production accepts https endpoints only.
    notifications.put("push.allow-insecure-endpoints", "true");
    // Signs the one-click unsubscribe links of the emails; a local secret for local mail only.
    notifications.put("delivery.unsubscribe.secret", "local-stack-unsubscribe-secret-5d1e9a3c7b");
    notifications.put("delivery.public-url", "http://localhost:" + NOTIFICATION_PORT);

    Path logs = data.resolve("logs");
    startService("interview-service", root, INTERVIEW_PORT, interviews, logs);
    startService("schedule-service", root, SCHEDULE_PORT, schedules, logs);
    startService("notification-service", root, NOTIFICATION_PORT, notifications, logs);

    System.out.printf(
        """

        The stack is up. Where to look:
          captured messages     %4$s   (emails, SMS, push; also on this console as they arrive)
          traces                %4$straces   (a call through Kafka to the message it caused)
          interview-service     http://localhost:%1$d/q/swagger-ui
          schedule-service      http://localhost:%2$d/q/swagger-ui
          notification-service  http://localhost:%3$d/q/swagger-ui
          health, metrics       http://localhost:<port>/q/health, /q/metrics on each service
          service logs          %5$s/<service>.log
          a topic's records    java -cp deploy/local-stack/target/followup-local-stack.jar dev.followup.localstack.TopicTail <topic>
        Press Ctrl-C to stop everything; delete %6$s to start afresh.

        """,
        INTERVIEW_PORT, SCHEDULE_PORT, NOTIFICATION_PORT, page.url(), logs, data);
  }

  private void startService(
      String name, Path root, int port, Map<String, String> config, Path logs) {
    ServiceProcess service =
        ServiceProcess.of(name, root.resolve(name), port, config, logs.resolve(name + ".log"));
    running.add(service);
    service.start(Duration.ofSeconds(120));
    System.out.printf("%-20s http://localhost:%d%n", name, port);
  }

  /** Stops what runs, the last started first: the services, then the sinks, PostgreSQL, Kafka. */
  private synchronized void stopAll(CountDownLatch stopped) {
    if (stopped.getCount() == 0) {
      return;
    }
    System.out.println("Stopping...");
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("While stopping: " + e.getMessage());
      }
    }
    running.clear();
    System.out.println("Stopped.");
    stopped.countDown();
  }

  /** The jar sits in {@code deploy/local-stack/target/}; the repository root is three up. */
  private static Path repositoryRoot() throws URISyntaxException {
    Path jar =
        Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path candidate = jar.getParent();
    while (candidate != null && !Files.exists(candidate.resolve("interview-service/pom.xml"))) {
      candidate = candidate.getParent();
    }
    return candidate != null ? candidate : Path.of("").toAbsolutePath();
  }

  /** This program's jar and the {@code lib/} folder beside it, which hold Kafka's jars too. */
  private static String classPathOfThisProgram() throws URISyntaxException {
    Path jar =
        Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(jar)) { // run from an IDE: the class path is the JVM's
      return System.getProperty("java.class.path");
    }
    return jar + java.io.File.pathSeparator + jar.getParent().resolve("lib") + "/*";
  }
}

package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.CpuTime;
import dev.followup.infra.LocalPushService;
import dev.followup.infra.LocalSmsProvider;
import dev.followup.infra.LocalSmtpServer;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.StatementStatistics;
import dev.followup.notification.api.PushTestKeys;
import dev.followup.notification.delivery.MessageRenderer;
import dev.followup.notification.delivery.RenderedMessage;
import dev.followup.notification.domain.FollowUpDue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.persistence.EntityManager;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the whole service per channel, Kafka in and the local sinks out: FollowUpDue
 * CloudEvents are published to {@code follow-ups-due} as the schedule-service does, and the clock
 * runs until the sink (the SMTP server, the Twilio-shaped SMS server, the Web Push service) has
 * received every message. Beside it, the raw rate of the same SMTP server driven directly: the same
 * rendered message, over as many connections at once as the service may use for email. Not part of
 * the build; run it with
 *
 * <pre>./mvnw -B -o -pl deploy/local-infra,notification-service -am verify -Dbenchmark=true \
 *   -Dbenchmark.count=5000 -Dtest=DeliveryBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * It prints {@code name: value} lines. With {@code
 * -Dfollowup.infra.postgres.statement-statistics=true} it also prints, after the measured emails,
 * the statements that took the database's time ({@code pg_stat_statements}).
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DeliveryBenchmark {

  static final int COUNT = Integer.getInteger("benchmark.count", 300);
  static final Duration LIMIT = Duration.ofMinutes(5);

  /**
   * Messages the email run and the raw SMTP run each send before they are measured, in rounds (see
   * {@link #warmUpInRounds}). On two cores the JVM has one C2 compiler thread, and this JVM (the
   * service, the broker, the sinks) keeps it busy for minutes: with a warm-up of 15,000 emails the
   * compiler threads still took 30% of the JVM's CPU while the next 5,000 were measured, and a
   * method that runs for every database query was compiled by C2 only after 116 s. The figures
   * measured the compilers more than the service as it runs for days. After 40,000 the compiler
   * threads still took 18 % of the JVM's CPU over the measured emails (a profile of 2 December);
   * after 120,000 the JVM used 1.11 to 1.46 ms of CPU per measured email instead of 1.21 to 1.57.
   */
  static final int WARM_UP = Integer.getInteger("benchmark.warm-up", 120000);

  /**
   * Messages SMS and push each send before they are measured: fewer, as they run after email, on
   * code the email runs have warmed up (the consumer, the claims, the recording, the outbox).
   */
  static final int OTHER_WARM_UP = Integer.getInteger("benchmark.sms-push-warm-up", 15000);

  @Inject EntityManager entityManager;
  @Inject MessageRenderer renderer;
  @Inject ObjectMapper objectMapper;
  @Inject DataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "sms.twilio.base-url")
  String twilioUrl;

  @ConfigProperty(name = "delivery.concurrency.email")
  int emailConcurrency;

  @Test
  void measure() throws Exception {
    LocalSmtpServer smtp = SharedInfrastructure.smtp();
    // Each figure is printed as soon as it is measured.
    try (FollowUpEvents events = new FollowUpEvents(bootstrapServers)) {
      // Email and raw SMTP warm up in rounds of the measured size, each on an emptied server; the
      // note is printed just before the measured run starts.
      warmUpInRounds("email", count -> throughEmail(events, count, smtp), smtp);
      warmUpInRounds("raw smtp", count -> rawSmtpPerSecond(smtp, count), smtp);
      analyzeTables();
      measureEmailAgainstRaw(events, smtp);

      // SMS and push warm up too, each on a short run to a recipient of its own.
      LocalSmsProvider.Remote smsProvider = new LocalSmsProvider.Remote(twilioUrl);
      warmUp("sms", throughSms(events, OTHER_WARM_UP, "+14155550151", smsProvider));
      analyzeTables();
      double sms = throughSms(events, COUNT, "+14155550150", smsProvider);
      System.out.printf(Locale.ROOT, "sms-per-second: %.1f%n", sms);

      try (LocalPushService receiver = LocalPushService.start(0, PushTestKeys.VAPID_PUBLIC_KEY)) {
        warmUp("push", throughPush(events, OTHER_WARM_UP, receiver));
        analyzeTables();
        double push = throughPush(events, COUNT, receiver);
        System.out.printf(Locale.ROOT, "push-per-second: %.1f%n", push);
      }
    }
  }

  /**
   * Measured runs of email and raw SMTP, one after the other, {@link #PAIRS} times, each on an
   * emptied server; each figure is the median. The raw run's rate moved more between runs of the
   * same code than the service's (0.74 to 1.17 ms of this JVM's CPU per message, against 1.88 to
   * 2.25 per email), and one pair made the ratio follow it; the ratio is the median of the pairs',
   * each pair measured a few seconds apart.
   */
  private void measureEmailAgainstRaw(FollowUpEvents events, LocalSmtpServer smtp)
      throws Exception {
    List<Double> emails = new ArrayList<>();
    List<Double> raws = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    resetStatements();
    for (int pair = 1; pair <= PAIRS; pair++) {
      double email = throughEmail(events, COUNT, smtp);
      smtp.clear();
      if (pair == 1) {
        printStatements("email");
      }
      double raw = rawSmtpPerSecond(smtp, COUNT);
      smtp.clear();
      System.out.printf(
          Locale.ROOT,
          "# measured pair %d: %.1f emails per second, %.1f raw, ratio %.3f%n",
          pair,
          email,
          raw,
          email / raw);
      emails.add(email);
      raws.add(raw);
      ratios.add(email / raw);
    }
    System.out.printf(Locale.ROOT, "emails-per-second: %.1f%n", median(emails));
    System.out.printf(Locale.ROOT, "raw-smtp-per-second: %.1f%n", median(raws));
    System.out.printf(Locale.ROOT, "email-vs-raw-ratio: %.3f%n", median(ratios));
  }

  /** Measured pairs of email and raw SMTP runs; the figures are their medians. */
  static final int PAIRS = Integer.getInteger("benchmark.pairs", 3);

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** One run of {@code count} messages through to the SMTP server; returns its rate. */
  private interface SmtpRun {
    double perSecond(int count) throws Exception;
  }

  /**
   * Sends {@link #WARM_UP} messages in rounds of {@link #COUNT}, emptying the SMTP server before
   * each round and after the last, and prints the first round's rate (from a cold start) and the
   * last's. Rounds rather than one long run because the SMTP server keeps every message it accepts,
   * in the heap the service runs in: emptied after each round, it holds one round's.
   */
  private void warmUpInRounds(String channel, SmtpRun run, LocalSmtpServer smtp) throws Exception {
    double first = 0;
    double last = 0;
    int rounds = 0;
    for (int sent = 0; sent < WARM_UP; sent += COUNT, rounds++) {
      smtp.clear();
      last = run.perSecond(Math.min(COUNT, WARM_UP - sent));
      if (rounds == 0) {
        first = last;
      }
    }
    smtp.clear();
    System.out.printf(
        Locale.ROOT,
        "# %s: warm-up of %d in %d rounds: %.1f per second in the first, from a cold start;"
            + " %.1f in the last%n",
        channel,
        WARM_UP,
        rounds,
        first,
        last);
  }

  /** The rate of a warm-up run, as a note: what a freshly started service does. */
  private static void warmUp(String channel, double perSecond) {
    System.out.printf(
        Locale.ROOT,
        "# %s: %.1f per second in the warm-up, from a cold start%n",
        channel,
        perSecond);
  }

  /** Emails to {@code count} addresses of one candidate, until the SMTP server has them all. */
  private double throughEmail(FollowUpEvents events, int count, LocalSmtpServer smtp) {
    String candidate = "bench-mail-" + UUID.randomUUID();
    List<String> eventIds = new ArrayList<>(count);
    long cpuStart = processCpuNanos();
    Duration databaseCpuStart = databaseCpu();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      UUID step = UUID.randomUUID();
      String eventId = step + ":1";
      eventIds.add(eventId);
      events.publishLater(
          candidate,
          eventId,
          step.toString(),
          FollowUpEvents.thankYouDue(step, candidate, "bench-" + i + "@example.com"));
    }
    events.flush();
    awaitAtSink(count, smtp::receivedCount);
    double rate = count / ((System.nanoTime() - start) / 1e9);
    printCpu("email", count, cpuStart, databaseCpuStart);
    // Not timed: the service also recorded each as sent, once.
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> sent(candidate) == count);
    assertThat(smtp.receivedMessages()).hasSize(count);
    return rate;
  }

  /** Texts to a candidate who chose SMS, until the provider has them all. */
  private double throughSms(
      FollowUpEvents events, int count, String phone, LocalSmsProvider.Remote provider) {
    String candidate = "bench-sms-" + UUID.randomUUID();
    ChannelRoutingTest.savePreferences(
        candidate,
        """
        {"phone": "%s", "channels": {"drafts": ["SMS"]}}
        """
            .formatted(phone));
    return perSecond(events, "sms", count, candidate, () -> provider.count(phone));
  }

  /** Push messages to a candidate who chose push, with a subscription of their own. */
  private double throughPush(FollowUpEvents events, int count, LocalPushService receiver) {
    String candidate = "bench-push-" + UUID.randomUUID();
    LocalPushService.Subscription subscription = receiver.subscribe();
    ChannelRoutingTest.savePreferences(candidate, "{\"channels\": {\"drafts\": [\"PUSH\"]}}");
    PushDeliveryTest.subscribe(candidate, subscription);
    double rate =
        perSecond(events, "push", count, candidate, () -> receiver.received(subscription).size());
    assertThat(receiver.received(subscription)).hasSize(count);
    return rate;
  }

  /** {@code count} reminders to a candidate whose chosen channel the sink counts. */
  private double perSecond(
      FollowUpEvents events, String channel, int count, String candidate, LongSupplier atSink) {
    long cpuStart = processCpuNanos();
    Duration databaseCpuStart = databaseCpu();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      UUID step = UUID.randomUUID();
      events.publishLater(
          candidate,
          step + ":1",
          step.toString(),
          FollowUpEvents.thankYouDue(step, candidate, "bench@example.com"));
    }
    events.flush();
    awaitAtSink(count, atSink);
    double rate = count / ((System.nanoTime() - start) / 1e9);
    printCpu(channel, count, cpuStart, databaseCpuStart);
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> sent(candidate) == count);
    return rate;
  }

  /**
   * CPU time this JVM has used: the service, the broker, the sinks and the benchmark. Unlike the
   * rates, it hardly moves with other work on the machine, so it is what tells two versions of the
   * code apart there (PostgreSQL, a process of its own, is not in it).
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private void printCpu(String what, int count, long cpuStart, Duration databaseCpuStart) {
    System.out.printf(
        Locale.ROOT,
        "# %s: %d messages, %.3f ms of this JVM's CPU per message (service, broker, sinks),"
            + " %.3f ms of PostgreSQL's%n",
        what,
        count,
        (processCpuNanos() - cpuStart) / 1e6 / count,
        databaseCpu().minus(databaseCpuStart).toNanos() / 1e6 / count);
  }

  /**
   * CPU time the PostgreSQL server has used so far: its main process and its live children (the
   * backends of the service's pool among them; backends that ended are not counted).
   */
  private Duration databaseCpu() {
    long backend = number("select pg_backend_pid()");
    return ProcessHandle.of(backend)
        .flatMap(ProcessHandle::parent)
        .map(server -> CpuTime.ofTree(server.pid()))
        .orElse(Duration.ZERO);
  }

  private long number(String query) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Gives PostgreSQL statistics of the tables as the warm-up left them, as autovacuum does within a
   * minute or so of a running service's database. The database is created when the benchmark
   * starts, and the measured run follows the warm-up before autovacuum first comes by: planned
   * without statistics, the outbox relay's read of the oldest unpublished events was a bitmap scan
   * over every event deleted since the start (the warm-up's 40,000), 18 to 62 ms a call and the
   * largest statement of the measured emails; with them, an index scan that reads past the deleted
   * ones once.
   */
  private void analyzeTables() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("analyze");
    }
  }

  private static final boolean STATEMENTS =
      Boolean.getBoolean(SharedInfrastructure.STATEMENT_STATISTICS_PROPERTY);

  private void resetStatements() throws SQLException {
    if (STATEMENTS) {
      try (Connection connection = dataSource.getConnection()) {
        StatementStatistics.reset(connection);
      }
    }
  }

  private void printStatements(String what) throws SQLException {
    if (STATEMENTS) {
      try (Connection connection = dataSource.getConnection()) {
        System.out.printf("# %s: the database's time by statement%n", what);
        StatementStatistics.top(connection, 10).forEach(line -> System.out.println("#   " + line));
      }
    }
  }

  /**
   * Waits until the sink has {@code count} messages, asking it every 50 ms. Asking must stay cheap
   * (a count, not a listing of every message): the sink shares the machine with the service.
   */
  private static void awaitAtSink(long count, LongSupplier atSink) {
    await()
        .atMost(LIMIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> atSink.getAsLong() >= count);
  }

  private long sent(String candidate) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from delivery where candidate_id = :candidate"
                                    + " and status = 'SENT'")
                            .setParameter("candidate", candidate)
                            .getSingleResult())
                    .longValue());
  }

  /**
   * {@code count} messages straight to the same SMTP server: the thank-you the service renders, as
   * text and HTML, over as many connections at once as the service sends email on, nothing else.
   */
  private double rawSmtpPerSecond(LocalSmtpServer smtp, int count) throws Exception {
    UUID step = UUID.randomUUID();
    FollowUpDue due =
        objectMapper
            .readerFor(FollowUpDue.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .readValue(FollowUpEvents.thankYouDue(step, "bench-raw", "bench@example.com"));
    RenderedMessage rendered = renderer.render(due, Locale.ENGLISH);
    Properties props = new Properties();
    props.put("mail.smtp.host", smtp.host());
    props.put("mail.smtp.port", Integer.toString(smtp.port()));
    Session session = Session.getInstance(props);
    ExecutorService senders = Executors.newFixedThreadPool(emailConcurrency);
    long cpuStart = processCpuNanos();
    Duration databaseCpuStart = databaseCpu();
    long start = System.nanoTime();
    try {
      List<Future<?>> connections = new ArrayList<>();
      for (int c = 0; c < emailConcurrency; c++) {
        int connection = c;
        connections.add(
            senders.submit(
                () -> {
                  try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = connection; i < count; i += emailConcurrency) {
                      InternetAddress to = new InternetAddress("raw-" + i + "@example.com");
                      MimeMessage message = compose(session, rendered, to);
                      transport.sendMessage(message, new InternetAddress[] {to});
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> connection : connections) {
        connection.get();
      }
    } finally {
      senders.shutdown();
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    printCpu("raw smtp", count, cpuStart, databaseCpuStart);
    assertThat(smtp.receivedMessages()).hasSize(count);
    return rate;
  }

  private static MimeMessage compose(Session session, RenderedMessage rendered, InternetAddress to)
      throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("followup@localhost"));
    message.setRecipient(Message.RecipientType.TO, to);
    message.setSubject(rendered.subject(), StandardCharsets.UTF_8.name());
    MimeBodyPart text = new MimeBodyPart();
    text.setText(rendered.text(), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setText(rendered.html(), StandardCharsets.UTF_8.name(), "html");
    message.setContent(new MimeMultipart("alternative", text, html));
    message.saveChanges();
    return message;
  }
}

package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.ServiceProcess;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.Signals;
import dev.followup.infra.TopicReader;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes sends it on a rolling update, to a packaged service in the middle of its
 * work: the process exits within {@code quarkus.shutdown.timeout}, logs its orderly stop, and
 * leaves nothing half done — the schedule-service no step claimed under a lease, every step it
 * marked fired published and none published unmarked; the notification-service no delivery parked
 * under a lease. After the restart every step is published once and every reminder sent once.
 */
class GracefulShutdownIT {

  /** The schedule-service's {@code quarkus.shutdown.timeout}. */
  private static final Duration SCHEDULE_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** The notification-service's {@code quarkus.shutdown.timeout}. */
  private static final Duration NOTIFICATION_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

  /** Names the schedule-service's claims, so that the test can look for any it left. */
  private static final String SCHEDULE_INSTANCE = "graceful-schedules";

  /** Interviews per test and interviewers each: one thank-you step (and one email) per pair. */
  private static final int INTERVIEWS = 16;

  private static final int INTERVIEWERS = 6;

  private static final int STEPS = INTERVIEWS * INTERVIEWERS;

  /**
   * When the load's thank-yous fall due at the soonest: after all of it is recorded, so they fire
   * together. Later on a busy machine (see {@link #recordLoad}).
   */
  private static final Duration DUE_IN = Duration.ofSeconds(15);

  private static final Duration FIRING_TIMEOUT = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RunningSystem system;
  private static InterviewLoad load;

  @BeforeAll
  static void startSystem() {
    system =
        RunningSystem.start(
            Map.of(
                "policy.thank-you-delay",
                InterviewLoad.THANK_YOU_DELAY.toSeconds() + "s",
                "timers.instance-id",
                SCHEDULE_INSTANCE,
                // Small batches in two lanes: firing the load takes many rounds, so a SIGTERM
                // finds rounds in progress. A lease longer than the test: a claim left behind
                // would show, not be taken over quietly.
                "timers.batch-size",
                "1",
                "timers.claim-loops",
                "2",
                "timers.lease",
                "5m"),
            Map.of(
                // One send at a time, in small batches: the load is still being sent when the
                // SIGTERM comes.
                "delivery.batch-size", "2", "delivery.concurrency.email", "1"));
    load = new InterviewLoad(system);
  }

  @AfterAll
  static void stopSystem() {
    if (system != null) {
      system.close();
    }
  }

  /** A test that failed half-way may have left a service stopped: each starts with all three. */
  @BeforeEach
  void everyServiceRunning() {
    for (ServiceProcess service : List.of(system.schedules, system.notifications)) {
      if (!service.isRunning()) {
        system.restart(service);
      }
    }
  }

  @Test
  void scheduleServiceStoppedWhileFiringLeavesNoClaimAndFiresEveryStepOnce() throws Exception {
    String scenario = "graceful-timers-" + UUID.randomUUID().toString().substring(0, 8);
    Load recorded = recordLoad(scenario);
    List<InterviewLoad.Interview> interviews = recorded.interviews();
    List<String> interviewIds =
        interviews.stream().map(InterviewLoad.Interview::interviewId).toList();

    try (TopicReader followUpsDue = new TopicReader(system.bootstrapServers, "follow-ups-due")) {
      // The whole load planned first: the stop must find every one of its steps in the table.
      await()
          .atMost(FIRING_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> stepStatuses(interviewIds).size() == STEPS);
      // As soon as the first of the load's steps is marked fired, the poller is firing the rest.
      await()
          .atMost(recorded.timeout())
          .pollInterval(Duration.ofMillis(50))
          .until(() -> stepStatuses(interviewIds).containsValue("FIRED"));

      Duration took = terminate(system.schedules, SCHEDULE_SHUTDOWN_TIMEOUT);

      Map<String, String> statuses = stepStatuses(interviewIds);
      assertThat(statuses).as("the load's thank-you steps").hasSize(STEPS);
      long firedBeforeStop = statuses.values().stream().filter("FIRED"::equals).count();
      // Whether the SIGTERM found the poller mid-firing depends on the machine's speed: the
      // invariants below hold either way, and the line printed below says which it was.
      assertThat(firedBeforeStop).as("steps fired before the stop (out of %d)", STEPS).isPositive();
      // A claim is a row lock of its round's transaction, gone with the process. What the stop
      // must get right is the round: what it published before stopping is exactly what it marked
      // fired, nothing sent and left to be sent again, nothing marked and never sent.
      followUpsDue.awaitMatching(
          r -> ofLoad(r, interviewIds), (int) firedBeforeStop, FIRING_TIMEOUT);
      Map<String, Long> published =
          countByStep(followUpsDue.readFor(r -> ofLoad(r, interviewIds), Duration.ofSeconds(2)));
      assertThat(published.keySet())
          .as("steps published before the stop")
          .containsExactlyInAnyOrderElementsOf(
              statuses.entrySet().stream()
                  .filter(e -> e.getValue().equals("FIRED"))
                  .map(Map.Entry::getKey)
                  .toList());
      assertOrderlyStop(system.schedules, "schedule-service", "Rounds still in progress");

      System.out.printf(
          "schedule-service stopped in %d ms with %d of %d steps fired (%s), none claimed%n",
          took.toMillis(),
          firedBeforeStop,
          STEPS,
          firedBeforeStop < STEPS ? "stopped while firing" : "all fired before the stop took hold");

      system.restart(system.schedules);
      await()
          .atMost(FIRING_TIMEOUT)
          .until(() -> stepStatuses(interviewIds).values().stream().allMatch("FIRED"::equals));
      followUpsDue.awaitMatching(r -> ofLoad(r, interviewIds), STEPS, FIRING_TIMEOUT);
      Map<String, Long> publishedInAll =
          countByStep(followUpsDue.readFor(r -> ofLoad(r, interviewIds), Duration.ofSeconds(3)));
      assertThat(publishedInAll).as("steps published").hasSize(STEPS);
      assertThat(publishedInAll)
          .as("times each step was published across the stop")
          .allSatisfy((step, times) -> assertThat(times).isEqualTo(1));
    }
    assertEachReminderSentOnce(interviews);
  }

  @Test
  void notificationServiceStoppedWhileSendingLeavesNoDeliveryParkedAndSendsEachOnce()
      throws Exception {
    String scenario = "graceful-sends-" + UUID.randomUUID().toString().substring(0, 8);
    Load recorded = recordLoad(scenario);
    List<InterviewLoad.Interview> interviews = recorded.interviews();

    await()
        .atMost(recorded.timeout())
        .pollInterval(Duration.ofMillis(100))
        .until(() -> !emailsOf(scenario).isEmpty());
    Duration took = terminate(system.notifications, NOTIFICATION_SHUTDOWN_TIMEOUT);
    Instant stoppedAt = Instant.now();

    int sentBeforeStop = emailsOf(scenario).size();
    assertThat(sentBeforeStop)
        .as("emails sent before the stop (out of %d): the SIGTERM came while sending", STEPS)
        .isPositive()
        .isLessThan(STEPS);
    // A claimed delivery waits (next_attempt_at) until its lease ends; a graceful stop releases
    // what it did not start and records what it sent, so none waits past the stop.
    assertThat(deliveriesParkedAfter(scenario, stoppedAt.plusSeconds(1)))
        .as("deliveries left claimed under a lease by the stopped instance")
        .isZero();
    assertOrderlyStop(system.notifications, "notification-service", "Sends still under way");

    System.out.printf(
        "notification-service stopped in %d ms with %d of %d emails sent, none parked%n",
        took.toMillis(), sentBeforeStop, STEPS);

    system.restart(system.notifications);
    assertEachReminderSentOnce(interviews);
  }

  // --- the load -----------------------------------------------------------------------------

  /** The load's interviews, and when their thank-yous fall due. */
  private record Load(List<InterviewLoad.Interview> interviews, Instant dueAt) {

    /** Until the load falls due, then {@link #FIRING_TIMEOUT}: the due time follows the pace. */
    Duration timeout() {
      Duration untilDue = Duration.between(Instant.now(), dueAt);
      return untilDue.isNegative() ? FIRING_TIMEOUT : FIRING_TIMEOUT.plus(untilDue);
    }
  }

  /**
   * Records and completes the load's interviews, their thank-yous all due {@link #DUE_IN} or later,
   * as the machine's pace requires.
   */
  private static Load recordLoad(String scenario) {
    // The machine's pace now, from one interview recorded apart (not part of the load, its
    // recipients are not the scenario's): on a shared machine recording the load can take longer
    // than DUE_IN, and then the first steps would fire while the last are not even planned.
    long began = System.nanoTime();
    load.complete(
        "pace" + UUID.randomUUID().toString().substring(0, 8),
        INTERVIEWERS,
        Duration.ofSeconds(1),
        false);
    Duration recordingTime = Duration.ofNanos(System.nanoTime() - began).multipliedBy(INTERVIEWS);
    Duration dueIn = recordingTime.multipliedBy(2).plusSeconds(5);
    if (dueIn.compareTo(DUE_IN) < 0) {
      dueIn = DUE_IN;
    }
    Instant ended =
        Instant.now()
            .plus(dueIn)
            .minus(InterviewLoad.THANK_YOU_DELAY)
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<InterviewLoad.Interview> interviews = new ArrayList<>();
    for (int i = 0; i < INTERVIEWS; i++) {
      interviews.add(load.complete(scenario, INTERVIEWERS, ended, false));
    }
    return new Load(interviews, ended.plus(InterviewLoad.THANK_YOU_DELAY));
  }

  private static boolean ofLoad(ConsumerRecord<String, String> record, List<String> interviewIds) {
    return interviewIds.contains(field(record, "interviewId"));
  }

  private static Map<String, Long> countByStep(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .collect(Collectors.groupingBy(r -> field(r, "stepId"), Collectors.counting()));
  }

  /**
   * A field of a record's JSON data; empty if the record holds none. The broker is shared by every
   * test of this JVM, and BadRecordsIT writes records that are not JSON to the same topics.
   */
  private static String field(ConsumerRecord<String, String> record, String name) {
    try {
      JsonNode data = JSON.readTree(record.value());
      return data == null ? "" : data.path(name).asText();
    } catch (IOException e) {
      return "";
    }
  }

  // --- the process --------------------------------------------------------------------------

  /**
   * Sends SIGTERM and waits for the process to end; fails if it takes longer than {@code
   * shutdownTimeout} (the JVM would otherwise be killed by the platform).
   */
  private static Duration terminate(ServiceProcess service, Duration shutdownTimeout)
      throws Exception {
    ProcessHandle process = ProcessHandle.of(service.pid()).orElseThrow();
    long start = System.nanoTime();
    Signals.send(process.pid(), "TERM");
    try {
      process.onExit().get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          service.name() + " still running " + shutdownTimeout + " after SIGTERM", e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(service.isRunning()).isFalse();
    return took;
  }

  /**
   * The last start's log ends with Quarkus's own "stopped" line, and no warning of work cut off.
   */
  private static void assertOrderlyStop(ServiceProcess service, String name, String cutOff)
      throws IOException {
    String log = Files.readString(service.log());
    String lastRun = log.substring(Math.max(0, log.lastIndexOf("on JVM (powered by Quarkus")));
    assertThat(lastRun).as(name + "'s log of its last run").contains(name + " stopped in");
    assertThat(lastRun).as(name + "'s log of its last run").doesNotContain(cutOff);
  }

  // --- what the services recorded -----------------------------------------------------------

  /** The status of each thank-you step of the interviews, by step id. */
  private static Map<String, String> stepStatuses(List<String> interviewIds) throws SQLException {
    Map<String, String> statuses = new HashMap<>();
    try (Connection connection = connect("schedules");
        PreparedStatement statement =
            connection.prepareStatement(
                "select id, status from follow_up_step where interview_id = any(?)"
                    + " and kind = 'THANK_YOU_EMAIL'")) {
      statement.setArray(
          1,
          connection.createArrayOf("uuid", interviewIds.stream().map(UUID::fromString).toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          statuses.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return statuses;
  }

  private static long deliveriesParkedAfter(String scenario, Instant instant) throws SQLException {
    try (Connection connection = connect("notifications");
        PreparedStatement statement =
            connection.prepareStatement(
                "select count(*) from delivery where address like ? and status = 'PENDING'"
                    + " and next_attempt_at > ?")) {
      statement.setString(1, scenario + "-%");
      statement.setTimestamp(2, java.sql.Timestamp.from(instant));
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static long count(String database, String sql, String parameter) throws SQLException {
    try (Connection connection = connect(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        SharedInfrastructure.postgresDatabase(database),
        LocalPostgres.USER,
        LocalPostgres.PASSWORD);
  }

  // --- what arrived ---------------------------------------------------------------------------

  private static List<MimeMessage> emailsOf(String scenario) {
    return system.smtp.receivedMessages().stream()
        .filter(
            m -> {
              try {
                return java.util.Arrays.stream(m.getAllRecipients())
                    .anyMatch(a -> a.toString().contains(scenario + "-"));
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }

  /** Every (interview, interviewer) gets its reminder, quoting the interviewer's token, once. */
  private static void assertEachReminderSentOnce(List<InterviewLoad.Interview> interviews) {
    List<String> tokens = interviews.stream().flatMap(i -> i.tokens().stream()).toList();
    String scenario = interviews.get(0).scenario();
    await().atMost(FIRING_TIMEOUT).until(() -> emailsOf(scenario).size() >= tokens.size());
    // A duplicate would arrive close behind: give it the time to.
    InterviewLoad.pause(Duration.ofSeconds(3));
    Map<String, Long> perToken =
        emailsOf(scenario).stream()
            .map(Mail::plainText)
            .flatMap(text -> tokens.stream().filter(text::contains))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(perToken).as("reminders per interviewer").hasSize(tokens.size());
    assertThat(perToken)
        .as("times each reminder was sent")
        .allSatisfy((token, times) -> assertThat(times).isEqualTo(1));
    assertThat(emailsOf(scenario)).as("emails of the load").hasSize(tokens.size());
  }
}

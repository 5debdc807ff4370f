package dev.followup.infra;

import java.util.List;
import java.util.Map;

/**
 * One Kafka broker, one PostgreSQL server and one SMTP server per JVM, started on first use and
 * stopped when the JVM exits. Test suites share them so that they stay quick.
 *
 * <p>The addresses are also published as system properties: should a framework load this class a
 * second time in another class loader, that copy finds the running servers instead of starting new
 * ones.
 */
public final class SharedInfrastructure {

  /** Topics the services use; created up front so no consumer waits on auto-creation. */
  public static final List<String> TOPICS =
      List.of(
          "interview-events",
          "interview-events.dlq",
          "interview-events.notification.dlq",
          "follow-ups-due",
          "follow-ups-due.dlq",
          "plan-events",
          "notification-events");

  private static final String KAFKA_PROPERTY = "followup.infra.kafka.bootstrap-servers";
  private static final String POSTGRES_PROPERTY = "followup.infra.postgres.port";

  /**
   * Set to true, the server loads {@link StatementStatistics#LIBRARY}, for a benchmark that reports
   * where the database's time went.
   */
  public static final String STATEMENT_STATISTICS_PROPERTY =
      "followup.infra.postgres.statement-statistics";

  private static InJvmKafkaBroker kafka;
  private static LocalPostgres postgres;
  private static LocalSmtpServer smtp;

  private SharedInfrastructure() {}

  /** Says on the console which real server the tests of this JVM use. */
  private static void announce(String what) {
    System.out.println("[local-infra] started " + what);
  }

  /** Bootstrap servers of the JVM's Kafka broker, starting it if needed. */
  public static synchronized String kafkaBootstrapServers() {
    String running = System.getProperty(KAFKA_PROPERTY);
    if (running != null) {
      return running;
    }
    kafka = InJvmKafkaBroker.start();
    kafka.createTopics(3, TOPICS);
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-kafka"));
    System.setProperty(KAFKA_PROPERTY, kafka.bootstrapServers());
    announce("Kafka broker (KRaft, in this JVM) at " + kafka.bootstrapServers());
    return kafka.bootstrapServers();
  }

  /** JDBC URL of {@code database} on the JVM's PostgreSQL server, creating both if needed. */
  public static synchronized String postgresDatabase(String database) {
    if (postgres == null && System.getProperty(POSTGRES_PROPERTY) == null) {
      postgres =
          LocalPostgres.startTemporary(
              Boolean.getBoolean(STATEMENT_STATISTICS_PROPERTY)
                  ? StatementStatistics.serverConfig()
                  : Map.of());
      Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-postgres"));
      System.setProperty(POSTGRES_PROPERTY, Integer.toString(postgres.port()));
      announce("PostgreSQL (embedded binaries) at localhost:" + postgres.port());
    }
    if (postgres == null) {
      throw new IllegalStateException(
          "PostgreSQL was started by another class loader of this JVM; use that loader's copy");
    }
    return postgres.createDatabase(database);
  }

  /** The JVM's SMTP server, starting it if needed. */
  public static synchronized LocalSmtpServer smtp() {
    if (smtp == null) {
      smtp = LocalSmtpServer.start(0);
      Runtime.getRuntime().addShutdownHook(new Thread(smtp::close, "stop-smtp"));
      announce("SMTP server (GreenMail) at " + smtp.host() + ":" + smtp.port());
    }
    return smtp;
  }
}

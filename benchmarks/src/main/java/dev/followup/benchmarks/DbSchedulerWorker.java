package dev.followup.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * db-scheduler firing follow-up steps, in a process of its own started like the schedule-service
 * (same heap and JIT settings): each due task publishes its FollowUpDue record and waits for the
 * broker's acknowledgement, then db-scheduler deletes the task. Prints {@code READY} once the
 * scheduler runs, and stops when its standard input closes.
 *
 * <p>Arguments: {@code jdbcUrl user password bootstrapServers topic threads claimBatch}.
 */
public final class DbSchedulerWorker {

  static final String READY = "READY";

  private DbSchedulerWorker() {}

  public static void main(String[] args) throws Exception {
    TimerBenchmark.quietLogging();
    String jdbcUrl = args[0];
    String user = args[1];
    String password = args[2];
    String bootstrapServers = args[3];
    String topic = args[4];
    int threads = Integer.parseInt(args[5]);
    int claimBatch = Integer.parseInt(args[6]);

    try (AgroalDataSource dataSource = pool(jdbcUrl, user, password, threads + 4);
        KafkaProducer<String, String> producer = producer(bootstrapServers)) {
      Scheduler scheduler =
          Scheduler.create(
                  dataSource, DueStepTask.create(instance -> publish(producer, topic, instance)))
              .threads(threads)
              .pollingInterval(Duration.ofSeconds(1))
              // Lock-and-fetch: one statement claims a batch (UPDATE ... FOR UPDATE SKIP LOCKED
              // ... RETURNING), as the schedule-service's poller does. The batch is the larger of
              // the thread count and the service's batch size.
              .pollUsingLockAndFetch(0.5, Math.max(1.0, (double) claimBatch / threads))
              .build();
      scheduler.start();
      System.out.println(READY);
      System.out.flush();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // Runs until the benchmark closes our input.
        }
      } catch (IOException e) {
        // Input gone: stop.
      }
      scheduler.stop();
    }
  }

  private static void publish(
      KafkaProducer<String, String> producer, String topic, TaskInstance<DueStep> instance) {
    DueStep step = instance.getData();
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, step.candidateId(), step.followUpDueJson());
    // The attributes the schedule-service's binary-mode CloudEvents carry.
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", step.stepId() + ":1");
    header(record, "ce_type", DueStep.TYPE);
    header(record, "ce_source", "urn:followup:schedule-service");
    header(record, "ce_subject", step.stepId());
    header(record, "ce_time", java.time.Instant.now().toString());
    header(record, "content-type", "application/json");
    try {
      // Completed (deleted) only once the broker has the record: at least once, like the service.
      producer.send(record).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not publish " + step.stepId(), e);
    }
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A producer configured as the schedule-service's outgoing channel is. */
  static KafkaProducer<String, String> producer(String bootstrapServers) {
    return new KafkaProducer<>(producerProperties(bootstrapServers));
  }

  static Properties producerProperties(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    return props;
  }

  /** A connection pool like the service's (Agroal), with a connection per thread and spares. */
  static AgroalDataSource pool(String jdbcUrl, String user, String password, int size)
      throws SQLException {
    return AgroalDataSource.from(
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                pool ->
                    pool.maxSize(size)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(
                            factory ->
                                factory
                                    .jdbcUrl(jdbcUrl)
                                    .autoCommit(true)
                                    .principal(new NamePrincipal(user))
                                    .credential(new SimplePassword(password)))));
  }
}

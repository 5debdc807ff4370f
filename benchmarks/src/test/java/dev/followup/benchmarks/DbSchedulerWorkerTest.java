package dev.followup.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class DbSchedulerWorkerTest {

  /** db-scheduler gets a fair run only with the producer the service's channel has. */
  @Test
  void dbSchedulersProducerIsConfiguredAsTheServicesChannel() throws IOException {
    Properties service = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            Path.of("../schedule-service/src/main/resources/application.properties"))) {
      service.load(reader);
    }
    Properties producer = DbSchedulerWorker.producerProperties("localhost:9092");

    for (String setting :
        List.of(
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG)) {
      assertEquals(
          service.getProperty("mp.messaging.outgoing.follow-ups-due." + setting),
          producer.getProperty(setting),
          setting);
    }
  }
}

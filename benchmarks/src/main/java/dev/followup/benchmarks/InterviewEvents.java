package dev.followup.benchmarks;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * InterviewCompleted CloudEvents (binary mode) as the interview-service publishes them: three
 * interviewers each, the interview ending in the future so that none of the planned steps is due
 * during the run.
 */
final class InterviewEvents {

  static final String TOPIC = "interview-events";
  static final String TYPE = "dev.followup.interview.completed.v1";
  static final String ID_PREFIX = "benchmark-completed-";

  /**
   * Interview and interviewer ids as the interview-service makes them: UUIDs of version 7, ordered
   * by the time they were made (see its {@code NewIds}).
   */
  private static final TimeBasedEpochGenerator NEW_IDS = Generators.timeBasedEpochGenerator();

  private InterviewEvents() {}

  /** Publishes {@code count} events and returns when the broker has acknowledged them all. */
  static void publish(String bootstrapServers, int count) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    Instant endedAt = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      Future<RecordMetadata> last = null;
      for (int i = 0; i < count; i++) {
        String interviewId = NEW_IDS.generate().toString();
        ProducerRecord<String, String> record =
            new ProducerRecord<>(TOPIC, interviewId, json(interviewId, i, endedAt));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", ID_PREFIX + i);
        header(record, "ce_type", TYPE);
        header(record, "ce_source", "urn:followup:interview-service");
        header(record, "ce_subject", interviewId);
        header(record, "content-type", "application/json");
        last = producer.send(record);
      }
      producer.flush();
      if (last != null) {
        last.get(60, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not publish the interview backlog", e);
    }
  }

  /** The data of one InterviewCompleted event. */
  static String json(String interviewId, int n, Instant endedAt) {
    ZoneId zone = ZoneId.of("America/Chicago");
    return """
        {
          "interviewId": "%s",
          "candidate": {"id": "candidate-%d", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "America/Chicago"},
          "company": "Acme Corp",
          "role": "Backend engineer",
          "endedAt": "%s",
          "timeZone": "America/Chicago",
          "interviewers": [
            {"id": "%s", "name": "Dana Lee", "email": "dana@acme.example",
             "topics": ["the billing migration"]},
            {"id": "%s", "name": "Ari Cohen", "email": "ari@acme.example",
             "topics": ["on-call culture"]},
            {"id": "%s", "name": "Kim Park", "email": "kim@acme.example",
             "topics": ["the team's roadmap"]}
          ],
          "completedAt": "%s"
        }
        """
        .formatted(
            interviewId,
            n,
            endedAt.atZone(zone).toOffsetDateTime(),
            NEW_IDS.generate(),
            NEW_IDS.generate(),
            NEW_IDS.generate(),
            endedAt);
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}

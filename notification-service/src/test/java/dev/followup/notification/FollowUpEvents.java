package dev.followup.notification;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Publishes records to {@code follow-ups-due} the way the schedule-service does, or to another
 * topic as its producer would. For tests.
 */
final class FollowUpEvents implements AutoCloseable {

  static final String TOPIC = "follow-ups-due";
  static final String TYPE = "dev.followup.schedule.follow-up-due.v1";

  private static FollowUpEvents shared;

  private final KafkaProducer<String, String> producer;

  /**
   * The producer the tests of this JVM share, to the broker of the service under test; closed when
   * the JVM exits.
   */
  static synchronized FollowUpEvents shared() {
    if (shared == null) {
      FollowUpEvents events =
          new FollowUpEvents(
              ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
      Runtime.getRuntime().addShutdownHook(new Thread(events::close));
      shared = events;
    }
    return shared;
  }

  FollowUpEvents(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props);
  }

  /** The data of a thank-you step for {@code candidateEmail} to send to Dana Lee. */
  static String thankYouDue(UUID stepId, String candidateId, String candidateEmail) {
    return """
        {
          "stepId": "%s",
          "kind": "THANK_YOU_EMAIL",
          "channel": "EMAIL",
          "rule": "thank-you-same-day",
          "dueAt": "2026-11-24T20:30:00Z",
          "windowEnd": "2026-11-25T23:00:00Z",
          "interviewId": "%s",
          "interviewEndedAt": "2026-11-24T15:30:00-05:00",
          "company": "Acme Corp",
          "role": "Backend engineer",
          "tenantId": "%s",
          "candidate": {"id": "%s", "name": "Sam Rivera", "email": "%s",
                        "timeZone": "America/Chicago"},
          "recipient": {"id": "%s", "name": "Dana Lee", "email": "dana@acme.example",
                        "topics": ["the billing migration", "on-call in Zürich"]}
        }
        """
        .formatted(
            stepId,
            UUID.randomUUID(),
            Tokens.TENANT,
            candidateId,
            candidateEmail,
            UUID.randomUUID());
  }

  /** The data of a keep-searching nudge: no recipient, no action to send. */
  static String keepSearchingDue(UUID stepId, String candidateId, String candidateEmail) {
    return """
        {
          "stepId": "%s",
          "kind": "KEEP_SEARCHING",
          "action": "NONE",
          "channel": "PUSH",
          "rule": "keep-searching",
          "dueAt": "2026-11-27T09:00:00Z",
          "windowEnd": "2026-12-04T09:00:00Z",
          "interviewId": "%s",
          "company": "Acme Corp",
          "role": "Backend engineer",
          "tenantId": "%s",
          "candidate": {"id": "%s", "name": "Sam Rivera", "email": "%s",
                        "timeZone": "America/Chicago"}
        }
        """
        .formatted(stepId, UUID.randomUUID(), Tokens.TENANT, candidateId, candidateEmail);
  }

  /** The CloudEvent headers of a FollowUpDue event, binary mode. */
  static Map<String, String> cloudEventHeaders(String id, String subject) {
    return Map.of(
        "ce_specversion",
        "1.0",
        "ce_id",
        id,
        "ce_type",
        TYPE,
        "ce_source",
        "urn:followup:schedule-service",
        "ce_subject",
        subject,
        "content-type",
        "application/json");
  }

  /**
   * Publishes a thank-you step due now for {@code candidateId}, whose email is {@code address}, as
   * a new step.
   *
   * @return the event's id
   */
  String publishThankYou(String candidateId, String address) {
    UUID step = UUID.randomUUID();
    String eventId = step + ":1";
    publish(candidateId, eventId, step.toString(), thankYouDue(step, candidateId, address));
    return eventId;
  }

  /** Publishes a FollowUpDue CloudEvent and waits for the broker's acknowledgement. */
  void publish(String key, String ceId, String subject, String value) {
    publish(key, cloudEventHeaders(ceId, subject), value);
  }

  /**
   * Hands a FollowUpDue CloudEvent to the producer without waiting for the broker; {@link #flush}
   * waits for every one handed over.
   */
  void publishLater(String key, String ceId, String subject, String value) {
    ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, value);
    cloudEventHeaders(ceId, subject)
        .forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
    producer.send(record);
  }

  /** Waits until the broker has acknowledged every record handed over. */
  void flush() {
    producer.flush();
  }

  /** Publishes a record with exactly these headers. */
  void publish(String key, Map<String, String> headers, String value) {
    publish(TOPIC, key, headers, value);
  }

  /** Publishes a record with exactly these headers to {@code topic}. */
  void publish(String topic, String key, Map<String, String> headers, String value) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not publish to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

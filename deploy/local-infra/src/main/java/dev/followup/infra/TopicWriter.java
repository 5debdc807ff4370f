package dev.followup.infra;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records to a topic as another service or a misbehaving producer would: CloudEvents in
 * Kafka binary mode, or arbitrary bytes. For tests.
 */
public final class TopicWriter implements AutoCloseable {

  private final KafkaProducer<String, String> producer;

  public TopicWriter(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props);
  }

  /** Sends a CloudEvent (binary mode: JSON value, attributes as ce_* headers) and waits for it. */
  public void sendCloudEvent(
      String topic, String key, String id, String type, String subject, String json) {
    sendCloudEvent(topic, key, id, type, subject, json, java.util.Map.of());
  }

  /** Sends a CloudEvent with further headers, e.g. an optional attribute such as ce_time. */
  public void sendCloudEvent(
      String topic,
      String key,
      String id,
      String type,
      String subject,
      String json,
      java.util.Map<String, String> extraHeaders) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", id);
    header(record, "ce_type", type);
    header(record, "ce_source", "urn:followup:test");
    if (subject != null) {
      header(record, "ce_subject", subject);
    }
    header(record, "content-type", "application/json");
    extraHeaders.forEach((name, value) -> header(record, name, value));
    send(record);
  }

  /** Sends a record with no headers at all. */
  public void sendRaw(String topic, String key, String value) {
    send(new ProducerRecord<>(topic, key, value));
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private void send(ProducerRecord<String, String> record) {
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not send to " + record.topic(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}

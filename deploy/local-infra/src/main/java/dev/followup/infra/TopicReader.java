package dev.followup.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its beginning with a throw-away consumer group: what a partner consuming the
 * topic would see. For tests.
 */
public final class TopicReader implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(topic));
  }

  /**
   * Polls until at least {@code count} records seen so far match, or the timeout passes; returns
   * every matching record seen.
   */
  public List<ConsumerRecord<String, String>> awaitMatching(
      Predicate<ConsumerRecord<String, String>> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ConsumerRecord<String, String>> matching = matching(filter);
    while (matching.size() < count && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      matching = matching(filter);
    }
    return matching;
  }

  /** Polls for {@code duration} and returns every matching record seen so far. */
  public List<ConsumerRecord<String, String>> readFor(
      Predicate<ConsumerRecord<String, String>> filter, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return matching(filter);
  }

  /**
   * Polls until every record the topic held when called has been seen, or the timeout passes;
   * returns every matching record seen. Once the producer of some records had them acknowledged,
   * this reads them all, without knowing how many there are.
   */
  public List<ConsumerRecord<String, String>> readToEnd(
      Predicate<ConsumerRecord<String, String>> filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // The group's partitions are assigned during a poll.
    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    while (!reached(ends) && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    if (!reached(ends)) {
      throw new IllegalStateException("The topic was not read to its end within " + timeout);
    }
    return matching(filter);
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private List<ConsumerRecord<String, String>> matching(
      Predicate<ConsumerRecord<String, String>> filter) {
    return seen.stream().filter(filter).toList();
  }

  /** The value of a header as text, or null. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null
        ? null
        : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    consumer.close();
  }
}

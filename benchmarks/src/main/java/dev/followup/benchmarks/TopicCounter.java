package dev.followup.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records of a topic, from its beginning, as a consumer reads them: on a thread of its
 * own, without a consumer group, keeping nothing but the count.
 */
final class TopicCounter implements AutoCloseable {

  private final AtomicLong count = new AtomicLong();
  private final Thread reader;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  TopicCounter(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    reader =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                  count.addAndGet(consumer.poll(Duration.ofMillis(50)).count());
                }
              } catch (RuntimeException e) {
                failure = e;
              }
            },
            "count-" + topic);
    reader.setDaemon(true);
    reader.start();
  }

  /** Records read so far. */
  long count() {
    if (failure != null) {
      throw new IllegalStateException("The topic counter failed", failure);
    }
    return count.get();
  }

  @Override
  public void close() {
    running = false;
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

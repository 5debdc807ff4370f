package dev.followup.infra;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Tells whether a consumer group has caught up with a topic. For tests. */
public final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * Waits until {@code group} has committed, on every partition of {@code topic}, the end offset
   * the partition had when this method was called: everything published before has been consumed.
   */
  public static void awaitCaughtUp(
      String bootstrapServers, String group, String topic, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Map<TopicPartition, Long> ends = endOffsets(admin, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean caughtUp =
            ends.entrySet().stream()
                .allMatch(
                    end -> {
                      OffsetAndMetadata offset = committed.get(end.getKey());
                      return end.getValue() == 0
                          || (offset != null && offset.offset() >= end.getValue());
                    });
        if (caughtUp) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              group
                  + " has not caught up with "
                  + topic
                  + ": ends "
                  + ends
                  + ", committed "
                  + committed);
        }
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not read offsets of " + group, e);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    int partitions =
        admin
            .describeTopics(java.util.List.of(topic))
            .allTopicNames()
            .get()
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> request =
        java.util.stream.IntStream.range(0, partitions)
            .boxed()
            .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        admin.listOffsets(request).all().get();
    return result.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}

package dev.followup.infra;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside the
 * current JVM.
 *
 * <p>It is built on Kafka's own test kit, an internal API: this class is the only place that
 * touches it, so a change in a later Kafka version is mended here alone.
 */
public final class InJvmKafkaBroker implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private InJvmKafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats the storage of a fresh broker, starts it and waits until it accepts clients. */
  public static InJvmKafkaBroker start() {
    guardJvmAgainstBrokerExit();
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
              .build();
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(nodes)
              // Single node: internal topics cannot be replicated three times.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "true")
              .setConfigProp("num.partitions", "3")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new InJvmKafkaBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the in-JVM Kafka broker", e);
    }
  }

  /**
   * A broker that hits a fatal error calls {@code Exit}, which would end the whole test JVM. Turn
   * that into an exception so that the test fails with a reason instead.
   */
  private static void guardJvmAgainstBrokerExit() {
    Exit.setExitProcedure(
        (code, message) -> {
          throw new IllegalStateException("Kafka broker asked to exit(" + code + "): " + message);
        });
    Exit.setHaltProcedure(
        (code, message) -> {
          throw new IllegalStateException("Kafka broker asked to halt(" + code + "): " + message);
        });
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates the topics if they do not exist yet. */
  public void createTopics(int partitions, List<String> names) {
    createTopics(bootstrapServers(), partitions, names);
  }

  /** Creates topics on any broker reachable at {@code bootstrapServers}, ignoring existing ones. */
  public static void createTopics(String bootstrapServers, int partitions, List<String> names) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      for (String name : names) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
              .all()
              .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + name, e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics " + names, e);
    }
  }

  /** Client settings that reach this broker. */
  public Map<String, String> clientConfig() {
    return Map.of("kafka.bootstrap.servers", bootstrapServers());
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("Could not stop the in-JVM Kafka broker", e);
    }
  }
}

package dev.followup.infra.quarkus;

import dev.followup.infra.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest} at the JVM's real Kafka broker. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return Map.of("kafka.bootstrap.servers", SharedInfrastructure.kafkaBootstrapServers());
  }

  @Override
  public void stop() {
    // The broker is shared by every test of this JVM and stops with it.
  }
}

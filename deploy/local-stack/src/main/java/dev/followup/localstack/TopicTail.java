package dev.followup.localstack;

import dev.followup.infra.TopicReader;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Prints what a topic of the local stack holds, from its beginning: key, CloudEvent headers and
 * JSON data of every record. For seeing the events the services exchange.
 *
 * <p>Usage: {@code java -cp deploy/local-stack/target/followup-local-stack.jar
 * dev.followup.localstack.TopicTail interview-events [seconds]}
 */
public final class TopicTail {

  private TopicTail() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("Usage: TopicTail <topic> [seconds to listen, default 5]");
      System.exit(2);
    }
    System.setProperty("log4j2.configurationFile", "classpath:local-stack-log4j2.xml");
    Duration listen = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
    String bootstrap = "localhost:" + LocalStack.KAFKA_PORT;
    try (TopicReader reader = new TopicReader(bootstrap, args[0])) {
      for (ConsumerRecord<String, String> record : reader.readFor(r -> true, listen)) {
        String headers =
            StreamSupport.stream(record.headers().spliterator(), false)
                .filter(h -> h.key().startsWith("ce_"))
                .map(
                    h ->
                        h.key()
                            + "="
                            + new String(h.value(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
        System.out.printf("key=%s %s%n  %s%n", record.key(), headers, record.value());
      }
    }
  }
}

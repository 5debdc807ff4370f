package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRendererTest {

  @Test
  void topicsReadAsOnePhrase() {
    assertThat(MessageRenderer.phrase(List.of())).isEmpty();
    assertThat(MessageRenderer.phrase(List.of("Kafka"))).isEqualTo("Kafka");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "on-call culture")))
        .isEqualTo("Kafka and on-call culture");
    assertThat(MessageRenderer.phrase(List.of("Kafka", " ", "on-call culture", "the roadmap")))
        .isEqualTo("Kafka, on-call culture and the roadmap");
  }
}

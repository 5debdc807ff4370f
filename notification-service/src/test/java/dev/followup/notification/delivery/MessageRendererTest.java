package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThankYouEmailTest {

  @Test
  void topicsReadAsOnePhrase() {
    assertThat(ThankYouEmail.phrase(List.of())).isEmpty();
    assertThat(ThankYouEmail.phrase(List.of("Kafka"))).isEqualTo("Kafka");
    assertThat(ThankYouEmail.phrase(List.of("Kafka", "on-call culture")))
        .isEqualTo("Kafka and on-call culture");
    assertThat(ThankYouEmail.phrase(List.of("Kafka", " ", "on-call culture", "the roadmap")))
        .isEqualTo("Kafka, on-call culture and the roadmap");
  }
}

package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessageRendererTest {

  private static final Locale SPANISH = Locale.forLanguageTag("es");

  @Test
  void topicsReadAsOnePhrase() {
    assertThat(MessageRenderer.phrase(List.of())).isEmpty();
    assertThat(MessageRenderer.phrase(List.of("Kafka"))).isEqualTo("Kafka");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "on-call culture")))
        .isEqualTo("Kafka and on-call culture");
    assertThat(MessageRenderer.phrase(List.of("Kafka", " ", "on-call culture", "the roadmap")))
        .isEqualTo("Kafka, on-call culture and the roadmap");
  }

  @Test
  void topicsReadAsOneSpanishPhraseWithYOrE() {
    assertThat(MessageRenderer.phrase(List.of("Kafka"), SPANISH)).isEqualTo("Kafka");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "las guardias"), SPANISH))
        .isEqualTo("Kafka y las guardias");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "la hoja de ruta", "las guardias"), SPANISH))
        .isEqualTo("Kafka, la hoja de ruta y las guardias");
    // "y" becomes "e" before the sound i, but not before a diphthong (hielo, hiato).
    assertThat(MessageRenderer.phrase(List.of("Kafka", "innovación"), SPANISH))
        .isEqualTo("Kafka e innovación");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "historia del equipo"), SPANISH))
        .isEqualTo("Kafka e historia del equipo");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "Ícaro"), SPANISH))
        .isEqualTo("Kafka e Ícaro");
    assertThat(MessageRenderer.phrase(List.of("Kafka", "hielo"), SPANISH))
        .isEqualTo("Kafka y hielo");
  }

  @Test
  void aTemplateInAnotherLanguageSitsBesideTheEnglishOne() {
    assertThat(MessageRenderer.variant("messages/check-in/text", SPANISH))
        .isEqualTo("messages/check-in/text_es");
    assertThat(MessageRenderer.variant("pages/x", Locale.forLanguageTag("es-MX")))
        .isEqualTo("pages/x_es_MX");
  }
}

package dev.followup.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageLanguagesTest {

  @ParameterizedTest(name = "{0} gets {1}")
  @CsvSource({
    "es, es",
    "ES, es",
    "es-MX, es",
    "es-419, es",
    "es-Latn-ES, es",
    "en, en",
    "en-GB, en",
    "fr, en",
    "fr-CA, en",
    "pt-BR, en",
    "und, en",
  })
  void aLocaleGetsItsOwnLanguageOrEnglish(String tag, String expected) {
    assertThat(MessageLanguages.resolve(Locale.forLanguageTag(tag)))
        .isEqualTo(Locale.forLanguageTag(expected));
  }

  @ParameterizedTest
  @CsvSource({"''"})
  void noLocaleGetsEnglish(String tag) {
    assertThat(MessageLanguages.resolve(null)).isEqualTo(Locale.ENGLISH);
    assertThat(MessageLanguages.resolve(Locale.forLanguageTag(tag))).isEqualTo(Locale.ENGLISH);
    assertThat(MessageLanguages.resolve(Locale.ROOT)).isEqualTo(Locale.ENGLISH);
  }
}

package dev.followup.notification.delivery;

import static dev.followup.notification.delivery.MessageTemplatesTest.DANA;
import static dev.followup.notification.delivery.MessageTemplatesTest.due;
import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.MessageLanguages;
import dev.followup.notification.domain.StepAction;
import dev.followup.notification.domain.StepKind;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reminders in the candidate's language: each step kind reads as Spanish in Spanish and as English
 * in English, a regional Spanish gets Spanish, any other language English, and no template or
 * shared text is missing a translation.
 */
@QuarkusTest
class LocalizedMessagesTest {

  static final Locale SPANISH = Locale.forLanguageTag("es");

  /** An interviewer with Spanish topics, and accents in her name. */
  static final FollowUpDue.Recipient LUCIA =
      new FollowUpDue.Recipient(
          "r-2",
          "Lucía Fernández",
          "Directora de Ingeniería",
          "lucia@acme.example",
          "+34612345678",
          "Calle de Alcalá 42, 28014 Madrid",
          "Europe/Madrid",
          List.of("la migración de facturación", "las guardias en Zúrich"));

  /** Words that give English away; none is in any Spanish message. */
  static final List<String> ENGLISH_WORDS =
      List.of("Hi ", "Dear ", "Subject:", " the ", " and ", " your ", "Thank", " to ");

  /** Words that give Spanish away; none is in any English message. */
  static final List<String> SPANISH_WORDS =
      List.of("Hola", "Asunto", " el ", " para ", " tu ", "gracias", " de ");

  @Inject MessageRenderer renderer;

  /**
   * Each step, with what only its Spanish text says (to Lucía) and what only its English text says
   * (to Dana).
   */
  static List<Arguments> steps() {
    return List.of(
        Arguments.of(
            StepKind.THANK_YOU_EMAIL,
            StepAction.EMAIL,
            "Asunto: Gracias por su tiempo",
            "Subject: Thank you for your time"),
        Arguments.of(StepKind.MAILED_NOTE, StepAction.POST, "Escríbela a mano", "Write it by hand"),
        Arguments.of(
            StepKind.THANK_YOU_CALL, StepAction.CALL, "Un guion breve:", "A short script:"),
        Arguments.of(
            StepKind.CHECK_IN,
            StepAction.EMAIL,
            "Asunto: Backend engineer: seguimiento de mi candidatura",
            "Subject: Backend engineer: checking in"),
        Arguments.of(
            StepKind.CHECK_IN,
            StepAction.CALL,
            "¿Hay alguna novedad sobre la decisión",
            "Is there any news on the decision"),
        Arguments.of(
            StepKind.ALERT_REFERENCE,
            StepAction.EMAIL,
            "Avisa a Lucía Fernández antes de que suene el teléfono",
            "Let Dana Lee know before the phone rings"),
        Arguments.of(
            StepKind.KEEP_SEARCHING,
            StepAction.NONE,
            "sigue adelante con tu búsqueda",
            "keep your search going"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("steps")
  void everyKindIsWrittenInSpanishForSpanishAndInEnglishForEnglish(
      StepKind kind, StepAction action, String spanishPhrase, String englishPhrase) {
    FollowUpDue.Recipient recipient = kind == StepKind.KEEP_SEARCHING ? null : LUCIA;
    String link = "https://app.example/unsubscribe?token=abc";

    RenderedMessage spanish =
        renderer.render(due(kind, action, recipient), SPANISH, Optional.of(link));
    assertThat(spanish.text())
        .startsWith("Hola, Sam Rivera:")
        .contains(spanishPhrase)
        .contains("Para dejar de recibir recordatorios por correo, abre: " + link);
    for (String part : List.of(spanish.subject(), spanish.text(), spanish.shortText())) {
      assertThat(part).doesNotContain(ENGLISH_WORDS.toArray(String[]::new));
    }

    RenderedMessage english =
        renderer.render(
            due(kind, action, recipient == null ? null : DANA), Locale.ENGLISH, Optional.of(link));
    assertThat(english.text())
        .startsWith("Hi Sam Rivera,")
        .contains(englishPhrase)
        .contains("To stop reminder emails, open: " + link);
    for (String part : List.of(english.subject(), english.text(), english.shortText())) {
      assertThat(part).doesNotContain(SPANISH_WORDS.toArray(String[]::new));
    }
  }

  @Test
  void theSpanishThankYouNamesTheInterviewerAndTheTopicsInSpanish() {
    RenderedMessage message =
        renderer.render(
            due(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, LUCIA),
            SPANISH,
            Optional.of("https://app.example/u?token=abc"));

    assertThat(message.subject()).isEqualTo("Envía hoy tu agradecimiento a Lucía Fernández");
    assertThat(message.title()).isEqualTo("Da las gracias a Lucía Fernández");
    assertThat(message.text())
        .contains("Hoy es el día de dar las gracias a Lucía Fernández")
        .contains("Para: lucia@acme.example")
        .contains("Hola, Lucía Fernández:")
        .contains(
            "Disfruté especialmente de nuestra conversación sobre la migración de facturación y"
                + " las guardias en Zúrich")
        .contains("Un cordial saludo,\nSam Rivera");
    assertThat(message.html())
        .contains("<html lang=\"es\">")
        .contains("<strong>Lucía Fernández</strong>")
        .contains("la migración de facturación y las guardias en Zúrich")
        .contains(">Dejar de recibir recordatorios por correo</a>");
    assertThat(message.shortText())
        .startsWith("Hoy: escribe a Lucía Fernández para agradecer la entrevista en Acme Corp.");
  }

  @Test
  void aSpanishThankYouWithoutTopicsOrAddressStillReads() {
    FollowUpDue.Recipient nameOnly =
        new FollowUpDue.Recipient(null, "Ari Cohen", null, null, null, null, null, null);
    RenderedMessage message =
        renderer.render(due(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, nameOnly), SPANISH);
    assertThat(message.text())
        .contains("Hola, Ari Cohen:")
        .contains("Disfruté mucho de nuestra conversación")
        .doesNotContain("Para:")
        .doesNotContain("null");
  }

  @Test
  void theSpanishMailedNoteGivesTheAddressAndTheCallTheNumber() {
    assertThat(renderer.render(due(StepKind.MAILED_NOTE, StepAction.POST, LUCIA), SPANISH).text())
        .contains("Adónde enviarla:")
        .contains("Lucía Fernández, Directora de Ingeniería")
        .contains("Calle de Alcalá 42, 28014 Madrid")
        .contains("Sigo pensando en lo que comentó sobre la migración de facturación");
    RenderedMessage call =
        renderer.render(due(StepKind.THANK_YOU_CALL, StepAction.CALL, LUCIA), SPANISH);
    assertThat(call.text()).contains("Número: +34612345678").contains("«Hola, Lucía Fernández");
    assertThat(call.shortText()).contains("al +34612345678");
  }

  @Test
  void aSpanishReminderWithoutANamedContactSaysTuContacto() {
    FollowUpDue.Recipient unnamed =
        new FollowUpDue.Recipient(null, null, null, null, null, null, null, null);
    RenderedMessage message =
        renderer.render(due(StepKind.CHECK_IN, StepAction.CALL, unnamed), SPANISH);
    assertThat(message.title()).isEqualTo("Llama a tu contacto");
    assertThat(renderer.render(due(StepKind.CHECK_IN, StepAction.CALL, unnamed), Locale.ENGLISH))
        .extracting(RenderedMessage::title)
        .isEqualTo("Call your contact");
  }

  @Test
  void aRegionalSpanishGetsSpanishAndAnotherLanguageGetsEnglish() {
    FollowUpDue due = due(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, DANA);
    RenderedMessage spanish = renderer.render(due, SPANISH);
    RenderedMessage english = renderer.render(due, Locale.ENGLISH);

    for (String tag : List.of("es-MX", "es-ES", "es-419")) {
      assertThat(renderer.render(due, Locale.forLanguageTag(tag))).as(tag).isEqualTo(spanish);
    }
    for (String tag : List.of("fr", "fr-CA", "en-GB", "ja")) {
      assertThat(renderer.render(due, Locale.forLanguageTag(tag))).as(tag).isEqualTo(english);
    }
    assertThat(renderer.render(due, null)).isEqualTo(english);
    assertThat(spanish.subject()).isEqualTo("Envía hoy tu agradecimiento a Dana Lee");
    assertThat(english.subject()).isEqualTo("Send your thank-you to Dana Lee today");
  }

  @Test
  void everyTemplateHasAVariantInEveryLanguage() throws IOException {
    // The sources, not the class path: a template deleted there may linger in target/classes.
    Path messages = Path.of("src/main/resources/templates/messages");
    Set<String> english;
    try (Stream<Path> files = Files.walk(messages)) {
      english =
          files
              .filter(Files::isRegularFile)
              .map(file -> messages.relativize(file).toString().replace('\\', '/'))
              .filter(name -> !name.matches(".*_[a-zA-Z0-9_]+\\.[a-z]+$"))
              // The footer's few words come from the msg bundle, in the instance's locale.
              .filter(name -> !name.startsWith("footer/"))
              .collect(Collectors.toSet());
    }
    assertThat(english).contains("thank-you-email/html.html", "keep-searching/short.txt");
    for (Locale language : MessageLanguages.SUPPORTED) {
      if (language.equals(MessageLanguages.DEFAULT)) {
        continue;
      }
      for (String name : english) {
        int dot = name.lastIndexOf('.');
        String variant =
            MessageRenderer.variant(name.substring(0, dot), language) + name.substring(dot);
        assertThat(messages.resolve(variant)).as("%s in %s", name, language).isRegularFile();
      }
    }
  }

  @Test
  void everySharedTextIsTranslated() {
    Set<String> english = methodNames(MessageTexts.class.getDeclaredMethods());
    assertThat(methodNames(SpanishMessageTexts.class.getDeclaredMethods())).isEqualTo(english);

    MessageTexts spanish = MessageBundles.get(MessageTexts.class, Localized.Literal.of("es"));
    MessageTexts defaults = MessageBundles.get(MessageTexts.class);
    assertThat(spanish.unsubscribeConfirmHeading())
        .isEqualTo("¿Dejar de recibir recordatorios por correo?");
    assertThat(defaults.unsubscribeConfirmHeading()).isEqualTo("Stop reminder emails?");
    assertThat(spanish.footerStopText("U")).endsWith(", abre: U");
  }

  private static Set<String> methodNames(Method[] methods) {
    return Arrays.stream(methods).map(Method::getName).collect(Collectors.toSet());
  }
}

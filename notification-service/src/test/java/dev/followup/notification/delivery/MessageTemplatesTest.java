package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.domain.MessageLanguages;
import dev.followup.notification.domain.StepAction;
import dev.followup.notification.domain.StepKind;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every step kind renders for every channel, from the templates, at send time. */
@QuarkusTest
class MessageTemplatesTest {

  @Inject MessageRenderer renderer;

  static final FollowUpDue.Recipient DANA =
      new FollowUpDue.Recipient(
          "r-1",
          "Dana Lee",
          "Engineering Manager",
          "dana@acme.example",
          "+14155550123",
          "500 Market Street, San Francisco, CA 94105",
          "America/Los_Angeles",
          List.of("the billing migration", "on-call in Zürich"));

  static FollowUpDue due(StepKind kind, StepAction action, FollowUpDue.Recipient recipient) {
    return new FollowUpDue(
        UUID.fromString("0b0e6f5e-4c1a-4d39-8f7e-6d3c8b3f1a10"),
        null,
        kind,
        action,
        kind == StepKind.CHECK_IN ? 1 : null,
        Channel.EMAIL,
        "rule",
        OffsetDateTime.parse("2026-11-24T20:30:00Z"),
        OffsetDateTime.parse("2026-11-25T23:00:00Z"),
        UUID.randomUUID(),
        null,
        null,
        "Acme Corp",
        "Backend engineer",
        new FollowUpDue.Candidate("cand-1", "Sam Rivera", "sam@example.com", "Europe/Paris"),
        recipient);
  }

  static List<Arguments> steps() {
    return List.of(
        Arguments.of(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, DANA),
        Arguments.of(StepKind.MAILED_NOTE, StepAction.POST, DANA),
        Arguments.of(StepKind.THANK_YOU_CALL, StepAction.CALL, DANA),
        Arguments.of(StepKind.CHECK_IN, StepAction.EMAIL, DANA),
        Arguments.of(StepKind.CHECK_IN, StepAction.CALL, DANA),
        Arguments.of(StepKind.ALERT_REFERENCE, StepAction.EMAIL, DANA),
        Arguments.of(StepKind.KEEP_SEARCHING, StepAction.NONE, null));
  }

  /** Every step in every language the service writes in. */
  static List<Arguments> stepsInEveryLanguage() {
    return MessageLanguages.SUPPORTED.stream()
        .flatMap(
            language -> steps().stream().map(step -> Arguments.of(append(step.get(), language))))
        .toList();
  }

  private static Object[] append(Object[] values, Object value) {
    Object[] all = Arrays.copyOf(values, values.length + 1);
    all[values.length] = value;
    return all;
  }

  @ParameterizedTest(name = "{0} {1} in {3}")
  @MethodSource("stepsInEveryLanguage")
  void everyKindRendersForEveryChannel(
      StepKind kind, StepAction action, FollowUpDue.Recipient recipient, Locale language) {
    RenderedMessage message = renderer.render(due(kind, action, recipient), language);

    assertThat(message.subject()).isNotBlank().doesNotContain("{").doesNotContain("\n");
    assertThat(message.text()).contains("Sam Rivera").doesNotContain("{draft");
    assertThat(message.title()).isNotBlank().hasSizeLessThanOrEqualTo(40);
    assertThat(message.link()).endsWith("/steps/0b0e6f5e-4c1a-4d39-8f7e-6d3c8b3f1a10");
    assertThat(message.shortText()).contains(message.link());
    // Spanish too: its SMS texts avoid á, í, ó and ú, which are not in the GSM-7 alphabet and
    // would switch the whole message to UCS-2, 70 characters a segment (the link alone is 64).
    assertThat(Gsm7.fitsOneSegment(message.shortText()))
        .as(
            "SMS body of %s in %s (%d septets): %s",
            kind, language, Gsm7.septets(message.shortText()), message.shortText())
        .isTrue();
    if (recipient != null) {
      assertThat(message.subject() + message.text()).contains("Dana Lee");
    }
  }

  @ParameterizedTest(name = "{0} {1} in {3}")
  @MethodSource("stepsInEveryLanguage")
  void eachChannelGetsTheSamePartsAsARenderingForEveryChannelAndNoOthers(
      StepKind kind, StepAction action, FollowUpDue.Recipient recipient, Locale language) {
    FollowUpDue due = due(kind, action, recipient);
    Optional<String> link = Optional.of("https://followup.example/unsubscribe/email?token=t");
    RenderedMessage all = renderer.render(due, language, link);

    RenderedMessage email = renderer.render(due, language, Channel.EMAIL, link);
    assertThat(email)
        .usingRecursiveComparison()
        .ignoringFields("shortText", "title")
        .isEqualTo(all);
    assertThat(email.shortText()).isNull();
    assertThat(email.title()).isNull();

    RenderedMessage sms = renderer.render(due, language, Channel.SMS, Optional.empty());
    assertThat(sms.shortText()).isEqualTo(all.shortText());
    assertThat(sms.subject()).isNull();
    assertThat(sms.text()).isNull();
    assertThat(sms.html()).isNull();
    assertThat(sms.title()).isNull();

    RenderedMessage push = renderer.render(due, language, Channel.PUSH, Optional.empty());
    assertThat(push.title()).isEqualTo(all.title());
    assertThat(push.shortText()).isEqualTo(all.shortText());
    assertThat(push.link()).isEqualTo(all.link());
    assertThat(push.category()).isEqualTo(all.category());
    assertThat(push.windowEnd()).isEqualTo(all.windowEnd());
    assertThat(push.subject()).isNull();
    assertThat(push.text()).isNull();
    assertThat(push.html()).isNull();
  }

  @Test
  void theThankYouNamesTheInterviewerAndTheTopics() {
    RenderedMessage message =
        renderer.render(due(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, DANA), Locale.ENGLISH);
    assertThat(message.subject()).isEqualTo("Send your thank-you to Dana Lee today");
    assertThat(message.text())
        .contains("Dear Dana Lee,")
        .contains("the billing migration and on-call in Zürich")
        .contains("To: dana@acme.example");
    assertThat(message.html()).contains("<strong>Dana Lee</strong>");
  }

  @Test
  void aThankYouWithoutTheInterviewersAddressOrTopicsStillReads() {
    FollowUpDue.Recipient nameOnly =
        new FollowUpDue.Recipient(null, "Ari Cohen", null, null, null, null, null, null);
    RenderedMessage message =
        renderer.render(due(StepKind.THANK_YOU_EMAIL, StepAction.EMAIL, nameOnly), Locale.ENGLISH);
    assertThat(message.text())
        .contains("Dear Ari Cohen,")
        .contains("I enjoyed our conversation")
        .doesNotContain("To:")
        .doesNotContain("null");
  }

  @Test
  void theMailedNoteGivesTheAddressWhenKnown() {
    RenderedMessage message =
        renderer.render(due(StepKind.MAILED_NOTE, StepAction.POST, DANA), Locale.ENGLISH);
    assertThat(message.text())
        .contains("500 Market Street, San Francisco, CA 94105")
        .contains("Dana Lee, Engineering Manager");
  }

  @Test
  void callsComeWithAScriptAndTheNumber() {
    for (StepKind kind : List.of(StepKind.THANK_YOU_CALL, StepKind.CHECK_IN)) {
      RenderedMessage message = renderer.render(due(kind, StepAction.CALL, DANA), Locale.ENGLISH);
      assertThat(message.text()).contains("script").contains("+14155550123");
      assertThat(message.shortText()).contains("+14155550123");
    }
  }

  @Test
  void aCheckInIsShortAndCarriesAPatienceNote() {
    RenderedMessage message =
        renderer.render(due(StepKind.CHECK_IN, StepAction.EMAIL, DANA), Locale.ENGLISH);
    assertThat(message.text())
        .contains("not personal")
        .contains("longer than")
        .contains("To: dana@acme.example");
    assertThat(message.text().lines().count()).isLessThan(30);
  }

  @Test
  void anotherLanguageFallsBackToEnglishTemplates() {
    RenderedMessage message =
        renderer.render(due(StepKind.KEEP_SEARCHING, StepAction.NONE, null), Locale.JAPANESE);
    assertThat(message.subject()).isEqualTo("Keep your search going");
  }

  @Test
  void lettersTheAlphabetLacksGiveWayToCloseOnesAndOtherScriptsAreKept() {
    assertThat(Gsm7.fitted("María Núñez, Zoë’s “café” – today…"))
        .isEqualTo("Maria Nuñez, Zoe's \"café\" - today...");
    assertThat(Gsm7.fitted("Ştefan, François, Øyvind, Dvořák"))
        .isEqualTo("Stefan, Francois, Øyvind, Dvorak");
    assertThat(Gsm7.fitted("Dana Lee")).isEqualTo("Dana Lee");
    assertThat(Gsm7.fitted("李娜, café")).isEqualTo("李娜, café");
  }

  @Test
  void theGsm7AlphabetIsCountedRight() {
    assertThat(Gsm7.septets("Zürich café")).isEqualTo(11);
    assertThat(Gsm7.septets("a [b]")).isEqualTo(7);
    assertThat(Gsm7.septets("naïve")).isEqualTo(-1);
    assertThat(Gsm7.fitsOneSegment("x".repeat(160))).isTrue();
    assertThat(Gsm7.fitsOneSegment("x".repeat(161))).isFalse();
  }
}

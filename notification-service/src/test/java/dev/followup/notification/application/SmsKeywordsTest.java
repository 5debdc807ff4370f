package dev.followup.notification.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.notification.application.SmsFeedback.Keyword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The words a texted reply is read as, whatever its case and spacing. */
class SmsKeywordsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "STOP",
        "stop",
        " Stop ",
        "STOPALL",
        "unsubscribe",
        "Cancel",
        "END",
        "quit",
        "Revoke",
        "OPTOUT",
        "opt out",
        "Opt  Out"
      })
  void everyOptOutWordRegulatorsCountStops(String reply) {
    assertThat(SmsFeedback.keyword(reply)).isEqualTo(Keyword.STOP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"START", "start", "Unstop", "YES"})
  void startWordsOptBackIn(String reply) {
    assertThat(SmsFeedback.keyword(reply)).isEqualTo(Keyword.START);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HELP", "help", "Info"})
  void helpWordsAskForHelp(String reply) {
    assertThat(SmsFeedback.keyword(reply)).isEqualTo(Keyword.HELP);
  }

  @Test
  void aSentenceThatMentionsAKeywordIsNoKeyword() {
    assertThat(SmsFeedback.keyword("please stop calling me at work")).isEqualTo(Keyword.NONE);
    assertThat(SmsFeedback.keyword("Thanks!")).isEqualTo(Keyword.NONE);
    assertThat(SmsFeedback.keyword(null)).isEqualTo(Keyword.NONE);
  }
}

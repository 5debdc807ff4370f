package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextAsHtmlTest {

  @Test
  void paragraphsLinesLinksAndTheDraftAreLaidOut() {
    String text =
        """
        Hi Sam <Rivera>,

        Your draft: https://app.example/steps/1?a=1&b=2
        Take your time.

        ----------------------------------------------------------------------
        Subject: Checking in

        Dear Dana & team,
        ----------------------------------------------------------------------

        Interview follow-up""";

    assertThat(TextAsHtml.body(text))
        .isEqualTo(
            """
            <p>Hi Sam &lt;Rivera&gt;,</p>
            <p>Your draft: <a href="https://app.example/steps/1?a=1&amp;b=2">\
            https://app.example/steps/1?a=1&amp;b=2</a><br>
            Take your time.</p>
            <div style="border-left: 4px solid #9bb7d4; margin: 1.5em 0; padding: 0.5em 1em;\
             background: #f5f8fb;">
            <p>Subject: Checking in</p>
            <p>Dear Dana &amp; team,</p>
            </div>
            <p>Interview follow-up</p>""");
  }

  @Test
  void aDraftLeftOpenIsClosed() {
    assertThat(TextAsHtml.body("----------\nDear Dana")).endsWith("<p>Dear Dana</p>\n</div>");
  }
}

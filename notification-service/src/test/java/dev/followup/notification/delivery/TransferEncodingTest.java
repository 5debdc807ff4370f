package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeUtility;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An email's text parts name their transfer encoding themselves ({@link
 * EmailSender#transferEncoding}), and it is the one Jakarta Mail would have chosen from the encoded
 * bytes.
 */
class TransferEncodingTest {

  static List<String> bodies() {
    return List.of(
        "Dear Dana Lee,\n\nThank you for your time today.\n",
        "<p>Dear <strong>Dana Lee</strong>,</p>\r\n<p>Thanks</p>",
        "the billing migration and on-call in Zürich",
        "Gracias por tu tiempo — hablamos de la migración e innovación.\n",
        "x".repeat(998),
        "x".repeat(999),
        "short line\n" + "y".repeat(1200) + "\nend",
        "面接のお礼をお伝えします。ありがとうございました。",
        "Привет, Dana — спасибо",
        "tab\tseparated\tvalues\n",
        "");
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void namesTheEncodingJakartaMailWouldChoose(String body) {
    String expected = MimeUtility.getEncoding(new DataHandler(body, "text/plain; charset=UTF-8"));

    assertThat(EmailSender.transferEncoding(body)).isEqualTo(expected);
  }
}

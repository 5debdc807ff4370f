package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
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

  /**
   * A part encoded before it is written reads back as the body it was made from, and goes out as
   * Jakarta Mail would have written the same text part: the same headers and the same bytes.
   */
  @ParameterizedTest
  @MethodSource("bodies")
  void encodedPartsReadBackAndMatchWhatJakartaMailWrites(String body) throws Exception {
    MimeBodyPart encoded = EmailSender.encodedText(body, "html");

    MimeBodyPart written = new MimeBodyPart();
    written.setText(body, "UTF-8", "html");
    written.setHeader("Content-Transfer-Encoding", EmailSender.transferEncoding(body));
    // Line breaks travel as CRLF, and an encoded body reads back with them.
    assertThat(((String) encoded.getContent()).replace("\r\n", "\n"))
        .isEqualTo(body.replace("\r\n", "\n"));
    assertThat(encoded.getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
    assertThat(encoded.getEncoding()).isEqualTo(EmailSender.transferEncoding(body));
    assertThat(bytesOf(encoded)).isEqualTo(bytesOf(written));
  }

  private static String bytesOf(MimeBodyPart part) throws Exception {
    Session session = Session.getInstance(new Properties());
    MimeMessage message = new MimeMessage(session);
    message.setContent(new MimeMultipart("alternative", part));
    message.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    part.writeTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}

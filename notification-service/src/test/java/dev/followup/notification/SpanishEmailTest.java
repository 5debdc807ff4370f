package dev.followup.notification;

import static dev.followup.notification.FollowUpDueDeliveryTest.awaitOneEmailTo;
import static dev.followup.notification.FollowUpDueDeliveryTest.textParts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A candidate who chose Spanish gets their reminder emails, and the page of the unsubscribe link,
 * in Spanish; over real SMTP, read back from the MIME the server received: the subject as an RFC
 * 2047 UTF-8 encoded word, the bodies as UTF-8.
 */
@QuarkusTest
class SpanishEmailTest {

  private static final Pattern HEADER_LINK = Pattern.compile("<(https?://[^>]+)>");

  final FollowUpEvents events = FollowUpEvents.shared();

  @Test
  void aCandidateOfMexicanSpanishGetsTheThankYouInSpanish() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"locale\": \"es-MX\"}")
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(201)
        .body("locale", equalTo("es-MX"))
        .body("messageLanguage", equalTo("es"));
    remind(candidateId, address);

    MimeMessage email = awaitOneEmailTo(address);

    // The subject, with its í, travels as an RFC 2047 encoded word in UTF-8 and decodes back.
    String rawSubject = email.getHeader("Subject")[0];
    assertThat(rawSubject).startsWithIgnoringCase("=?UTF-8?").doesNotContain("í");
    assertThat(MimeUtility.decodeText(MimeUtility.unfold(rawSubject)))
        .isEqualTo("Envía hoy tu agradecimiento a Dana Lee");
    assertThat(email.getSubject()).isEqualTo("Envía hoy tu agradecimiento a Dana Lee");
    // The message says which language it is in, as the candidate's mail client reads it.
    assertThat(email.getHeader("Content-Language")).containsExactly("es");
    // Every header stays 7-bit ASCII on the wire.
    assertThat(headerBytes(email)).allMatch(b -> b >= 0);

    // Both bodies declare UTF-8 and read as Spanish, down to the footer.
    for (BodyPart part : bodyParts(email)) {
      assertThat(part.getContentType()).containsIgnoringCase("charset=UTF-8");
    }
    Map<String, String> parts = textParts(email);
    assertThat(parts).containsKeys("text/plain", "text/html");
    assertThat(parts.get("text/plain"))
        .startsWith("Hola, Sam Rivera:")
        .contains("Hoy es el día de dar las gracias a Dana Lee")
        .contains("Asunto: Gracias por su tiempo")
        .contains("nuestra conversación sobre the billing migration y on-call in Zürich")
        .contains("Recibes este correo porque usas Interview follow-up.")
        .doesNotContain("Dear ");
    assertThat(parts.get("text/html"))
        .contains("<html lang=\"es\">")
        .contains("<strong>Dana Lee</strong>")
        .contains(">Dejar de recibir recordatorios por correo</a>");

    // The unsubscribe link opens a page in Spanish too, and confirms in Spanish.
    URI link = linkOf(email);
    String token = link.getQuery().substring("token=".length());
    given()
        .queryParam("token", token)
        .get(link.getPath())
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML)
        .header("Content-Language", "es")
        .body(containsString("<html lang=\"es\">"))
        .body(containsString("¿Dejar de recibir recordatorios por correo?"))
        .body(containsString("Dejar de recibir correos</button>"));
    given()
        .contentType(ContentType.URLENC)
        .formParam("List-Unsubscribe", "One-Click")
        .queryParam("token", token)
        .post(link.getPath())
        .then()
        .statusCode(200)
        .header("Content-Language", "es")
        .body(containsString("Recordatorios por correo desactivados"));
  }

  @Test
  void aCandidateOfALanguageWithoutTemplatesGetsEnglish() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"locale\": \"fr-CA\"}")
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(201)
        .body("locale", equalTo("fr-CA"))
        .body("messageLanguage", equalTo("en"));
    remind(candidateId, address);

    MimeMessage email = awaitOneEmailTo(address);
    assertThat(email.getSubject()).isEqualTo("Send your thank-you to Dana Lee today");
    assertThat(email.getHeader("Content-Language")).containsExactly("en");
    assertThat(textParts(email).get("text/plain"))
        .startsWith("Hi Sam Rivera,")
        .contains("You get this email because you use Interview follow-up.");
    URI link = linkOf(email);
    given()
        .queryParam("token", link.getQuery().substring("token=".length()))
        .get(link.getPath())
        .then()
        .statusCode(200)
        .header("Content-Language", "en")
        .body(containsString("<html lang=\"en\">"))
        .body(containsString("Stop reminder emails?"));
  }

  private void remind(String candidateId, String address) {
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, address));
  }

  private static URI linkOf(MimeMessage message) throws Exception {
    Matcher link = HEADER_LINK.matcher(message.getHeader("List-Unsubscribe")[0]);
    assertThat(link.find()).isTrue();
    return URI.create(link.group(1));
  }

  /** The message's header block as sent: everything before the first empty line. */
  private static List<Byte> headerBytes(MimeMessage message) throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    message.writeTo(raw);
    String wire = raw.toString(StandardCharsets.ISO_8859_1);
    byte[] headers =
        wire.substring(0, wire.indexOf("\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1);
    List<Byte> bytes = new ArrayList<>();
    for (byte b : headers) {
      bytes.add(b);
    }
    return bytes;
  }

  private static List<BodyPart> bodyParts(MimeMessage message) throws Exception {
    List<BodyPart> parts = new ArrayList<>();
    collect((MimeMultipart) message.getContent(), parts);
    return parts;
  }

  private static void collect(MimeMultipart multipart, List<BodyPart> parts) throws Exception {
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      if (part.isMimeType("multipart/*")) {
        collect((MimeMultipart) part.getContent(), parts);
      } else {
        parts.add(part);
      }
    }
  }
}

package dev.followup.notification;

import static dev.followup.notification.FollowUpDueDeliveryTest.WAIT;
import static dev.followup.notification.FollowUpDueDeliveryTest.awaitOneEmailTo;
import static dev.followup.notification.FollowUpDueDeliveryTest.emailsTo;
import static dev.followup.notification.FollowUpDueDeliveryTest.textParts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.followup.infra.TopicReader;
import dev.followup.notification.persistence.NotificationEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every reminder email carries a one-click unsubscribe link (RFC 8058, RFC 2369), in its headers
 * and in its footer; the link's POST stops the next emails, its GET does not, and a forged token is
 * refused. All over real SMTP: the links are read from the messages the server received.
 */
@QuarkusTest
class OneClickUnsubscribeTest {

  private static final Pattern HEADER_LINK = Pattern.compile("<(https?://[^>]+)>");

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "delivery.public-url")
  String publicUrl;

  final FollowUpEvents events = FollowUpEvents.shared();

  @Test
  void theLinkInTheEmailStopsTheNextEmailsUntilTheCandidateTurnsThemBackOn() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    remind(candidateId, address);
    MimeMessage first = awaitOneEmailTo(address);

    // The headers of RFC 8058: an HTTPS link and the one-click marker.
    String[] listUnsubscribe = first.getHeader("List-Unsubscribe");
    assertThat(listUnsubscribe).hasSize(1);
    Matcher link = HEADER_LINK.matcher(listUnsubscribe[0]);
    assertThat(link.find()).as("List-Unsubscribe: %s", listUnsubscribe[0]).isTrue();
    URI url = URI.create(link.group(1));
    assertThat(url.toString()).startsWith(publicUrl + "/unsubscribe/email?token=");
    assertThat(first.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    // The same link in the footer of both bodies (escaped in HTML, where it has nothing to escape).
    Map<String, String> parts = textParts(first);
    assertThat(parts.get("text/plain")).contains(url.toString());
    assertThat(parts.get("text/html")).contains("href=\"" + url + "\"");

    String token = url.getQuery().substring("token=".length());

    // A GET (mail scanners follow links) shows the confirmation page and changes nothing.
    given()
        .queryParam("token", token)
        .get(url.getPath())
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML)
        .body(containsString("<form method=\"post\">"))
        .body(containsString("name=\"List-Unsubscribe\" value=\"One-Click\""));
    assertThat(optedOut(candidateId)).isFalse();

    // A forged or altered token is refused with a problem, and changes nothing either.
    oneClick(url.getPath(), forgeFor(token, "cand-someone-else"))
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("status", equalTo(403));
    oneClick(url.getPath(), token.substring(0, token.length() - 2) + "AA").then().statusCode(403);
    oneClick(url.getPath(), null).then().statusCode(403);
    assertThat(optedOut(candidateId)).isFalse();

    // The one-click POST, as a mail client sends it; twice, as mail clients may.
    oneClick(url.getPath(), token).then().statusCode(200);
    oneClick(url.getPath(), token).then().statusCode(200);
    assertThat(optedOut(candidateId)).isTrue();

    // The next reminder is not emailed: the channel failed for good (no other channel stored),
    // announced as NotificationFailed, as for a number that texted STOP.
    String second = remind(candidateId, address);
    await().atMost(WAIT).until(() -> "FAILED".equals(status(second)));
    assertThat(lastError(second)).contains("unsubscribed");
    assertThat(announcedTypes(second)).contains(NotificationEvents.FAILED);
    // Once on the topic, the event leaves the outbox.
    await().atMost(WAIT).until(() -> outboxRows(second) == 0);
    assertThat(emailsTo(address)).hasSize(1);
    Tokens.as(candidateId)
        .get("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(404); // nothing stored but the unsubscribe

    // The candidate turns email back on in their preferences: the next reminder arrives.
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"emailUnsubscribed\": false}")
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(201)
        .body("emailUnsubscribed", equalTo(false));
    remind(candidateId, address);
    await().atMost(WAIT).until(() -> emailsTo(address), hasSize(2));
  }

  @Test
  void theOneClickPostNeedsTheBodyOfRfc8058() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    remind(candidateId, address);
    URI url = linkOf(awaitOneEmailTo(address));
    given()
        .contentType(ContentType.URLENC)
        .formParam("List-Unsubscribe", "Maybe")
        .queryParam("token", url.getQuery().substring("token=".length()))
        .post(url.getPath())
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    assertThat(optedOut(candidateId)).isFalse();
  }

  /** RFC 8058 has mail clients post the form as multipart/form-data; it works as the other. */
  @Test
  void theOneClickPostMayBeMultipart() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    remind(candidateId, address);
    URI url = linkOf(awaitOneEmailTo(address));
    String token = url.getQuery().substring("token=".length());

    // The token first, then the field, as for the urlencoded form.
    multipartOneClick(url.getPath(), forgeFor(token, "cand-someone-else"), "One-Click")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    multipartOneClick(url.getPath(), token, "Maybe")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("List-Unsubscribe"));
    assertThat(optedOut(candidateId)).isFalse();

    multipartOneClick(url.getPath(), token, "One-Click")
        .then()
        .statusCode(200)
        .contentType(ContentType.HTML);
    assertThat(optedOut(candidateId)).isTrue();
  }

  @Test
  void anUnknownScopeIsNotFound() {
    oneClick("/unsubscribe/sms", "v1.a.b.c.1.d").then().statusCode(404);
  }

  private static io.restassured.response.Response oneClick(String path, String token) {
    var request =
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click");
    if (token != null) {
      request = request.queryParam("token", token);
    }
    return request.post(path);
  }

  private static io.restassured.response.Response multipartOneClick(
      String path, String token, String value) {
    return given().multiPart("List-Unsubscribe", value).queryParam("token", token).post(path);
  }

  /** The token with another candidate put in, its signature kept: what a forger would try. */
  private static String forgeFor(String token, String candidateId) {
    String[] parts = token.split("\\.");
    parts[2] =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(candidateId.getBytes(StandardCharsets.UTF_8));
    return String.join(".", parts);
  }

  private static URI linkOf(MimeMessage message) throws Exception {
    Matcher link = HEADER_LINK.matcher(message.getHeader("List-Unsubscribe")[0]);
    assertThat(link.find()).isTrue();
    return URI.create(link.group(1));
  }

  /** Publishes a due thank-you for the candidate; returns its event id. */
  private String remind(String candidateId, String address) {
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, address));
    return eventId;
  }

  private boolean optedOut(String candidateId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                !entityManager
                    .createNativeQuery(
                        "select 1 from email_opt_out where tenant_id = :tenant"
                            + " and candidate_id = :candidate")
                    .setParameter("tenant", Tokens.TENANT)
                    .setParameter("candidate", candidateId)
                    .getResultList()
                    .isEmpty());
  }

  private String status(String eventId) {
    List<?> rows = column("status", eventId);
    return rows.isEmpty() ? null : rows.get(0).toString();
  }

  private String lastError(String eventId) {
    return String.valueOf(column("last_error", eventId).get(0));
  }

  private List<?> column(String column, String eventId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select " + column + " from delivery where event_id = :event")
                    .setParameter("event", eventId)
                    .getResultList());
  }

  private long outboxRows(String eventId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from outbox_event o join delivery d"
                                    + " on o.id like cast(d.id as varchar) || ':%'"
                                    + " where d.event_id = :event")
                            .setParameter("event", eventId)
                            .getSingleResult())
                    .longValue());
  }

  /** The types of the notification events announced on the topic for the reminder's deliveries. */
  @SuppressWarnings("unchecked")
  private List<String> announcedTypes(String eventId) {
    List<String> deliveryIds =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery(
                            "select cast(id as varchar) from delivery where event_id = :event")
                        .setParameter("event", eventId)
                        .getResultList());
    try (TopicReader reader = new TopicReader(bootstrapServers, NotificationEvents.TOPIC)) {
      return reader
          .awaitMatching(
              record -> deliveryIds.stream().anyMatch(id -> record.value().contains(id)), 1, WAIT)
          .stream()
          .map(record -> TopicReader.header(record, "ce_type"))
          .toList();
    }
  }
}

package dev.followup.notification.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.followup.notification.Tokens;
import dev.followup.notification.domain.MessageLanguages;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CandidateApiTest {

  static final String P256DH =
      "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
  static final String AUTH = "tBHItJI5svbpez7KI4CCXg";

  @Test
  void preferencesAreCreatedReplacedAndReadWithDefaults() {
    String candidate = "cand-" + UUID.randomUUID();
    Tokens.as("acme", candidate)
        .contentType(ContentType.JSON)
        .body(
            """
            {"email": "sam@example.com", "phone": "+1 (415) 555-0123",
             "timeZone": "America/Los_Angeles", "locale": "en-US",
             "quietHours": {"start": "22:00", "end": "07:30"},
             "channels": {"calls": ["SMS", "PUSH"]}}
            """)
        .put("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(201)
        .body("phone", equalTo("+14155550123"))
        .body("channels.drafts", contains("EMAIL"))
        .body("channels.calls", contains("SMS", "PUSH"))
        .body("channels.nudges", contains("PUSH"))
        .body("quietHours.start", equalTo("22:00:00"));

    Tokens.as("acme", candidate)
        .contentType(ContentType.JSON)
        .body(
            "{\"phone\": \"+33 6 12 34 56 78\", \"channels\": {\"drafts\": [\"PUSH\", \"EMAIL\"]}}")
        .put("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(200);

    Tokens.as("acme", candidate)
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(200)
        .body("phone", equalTo("+33612345678"))
        .body("email", nullValue())
        .body("locale", equalTo("en"))
        .body("channels.drafts", contains("PUSH", "EMAIL"));

    // Another tenant's candidate of the same id has nothing stored.
    Tokens.as("other", candidate)
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:followup:problem:not-found"));
    // Another candidate of the same tenant cannot read or replace them.
    Tokens.as("acme", "someone-else")
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    Tokens.as("acme", "someone-else")
        .contentType(ContentType.JSON)
        .body("{\"phone\": \"+14155550199\"}")
        .put("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(404);
    Tokens.as("acme", candidate)
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(200)
        .body("phone", equalTo("+33612345678"));
  }

  @Test
  void invalidPreferencesAreAProblemNamingEachField() {
    Tokens.as("cand-1")
        .contentType(ContentType.JSON)
        .body(
            """
            {"email": "not-an-address", "phone": "+1 555 0000", "timeZone": "Mars/Olympus",
             "locale": "not a tag", "quietHours": {"start": "22:00"},
             "channels": {"drafts": [], "calls": ["SMS", "SMS"]}}
            """)
        .put("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body(
            "violations.field",
            containsInAnyOrder(
                "email",
                "phone",
                "timeZone",
                "locale",
                "quietHours.end",
                "channels.drafts",
                "channels.withoutRepeats"));
  }

  @Test
  void anyWellFormedLocaleIsKeptAndGetsTheClosestSupportedLanguage() {
    String candidate = "cand-" + UUID.randomUUID();
    for (String[] tagAndLanguage :
        new String[][] {{"es-MX", "es"}, {"es", "es"}, {"en-GB", "en"}, {"fr", "en"}}) {
      Tokens.as(candidate)
          .contentType(ContentType.JSON)
          .body("{\"locale\": \"" + tagAndLanguage[0] + "\"}")
          .put("/candidates/{id}/preferences", candidate)
          .then()
          .statusCode(anyOf(equalTo(200), equalTo(201)))
          .body("locale", equalTo(tagAndLanguage[0]))
          .body("messageLanguage", equalTo(tagAndLanguage[1]));
    }
    // A tag that is not BCP 47 is refused, naming the field.
    for (String malformed : List.of("español", "es_MX", "e", "")) {
      Tokens.as(candidate)
          .contentType(ContentType.JSON)
          .body("{\"locale\": \"" + malformed + "\"}")
          .put("/candidates/{id}/preferences", candidate)
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("violations.field", contains("locale"));
    }
  }

  @Test
  void theOpenApiDocumentNamesTheSupportedLanguages() {
    String description =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .path("components.schemas.Preferences.properties.locale.description");
    for (Locale language : MessageLanguages.SUPPORTED) {
      assertThat(description).contains(language.toLanguageTag() + " (");
    }
  }

  @Test
  void theOpenApiDocumentDescribesTheProblemBody() {
    Map<String, Object> properties =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .path("components.schemas.Problem.properties");
    assertThat(properties)
        .containsKeys("type", "title", "status", "detail", "instance", "violations");
  }

  @Test
  void anUnknownChannelOrAMalformedTimeIsAProblemToo() {
    Tokens.as("cand-1")
        .contentType(ContentType.JSON)
        .body("{\"channels\": {\"drafts\": [\"FAX\"]}}")
        .put("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", containsString("channels.drafts"));
    Tokens.as("cand-1")
        .contentType(ContentType.JSON)
        .body("{\"quietHours\": {\"start\": \"late\", \"end\": \"07:00\"}}")
        .put("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("quietHours.start"));
  }

  /** PostgreSQL cannot store NUL in text: it is refused as the field's problem, not a 500. */
  @Test
  void aNulInAnyStringIsRefusedNamingItsField() {
    Tokens.as("cand-1")
        .contentType(ContentType.JSON)
        .body("{\"email\": \"sam\\u0000@example.com\"}")
        .put("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:followup:problem:invalid-request"))
        .body("violations[0].field", equalTo("email"))
        .body("violations[0].message", containsString("NUL"));
  }

  @Test
  void pushSubscriptionsAreRegisteredListedAndRemoved() {
    String candidate = "cand-" + UUID.randomUUID();
    String endpoint = "https://push.example.net/send/" + UUID.randomUUID();
    String id =
        Tokens.as(candidate)
            .contentType(ContentType.JSON)
            .body(
                """
                {"endpoint": "%s", "expirationTime": null,
                 "keys": {"p256dh": "%s", "auth": "%s"}}
                """
                    .formatted(endpoint, P256DH, AUTH))
            .post("/candidates/{id}/push-subscriptions", candidate)
            .then()
            .statusCode(201)
            .header("Location", containsString("/push-subscriptions/"))
            .extract()
            .path("id");

    Tokens.as(candidate)
        .get("/candidates/{id}/push-subscriptions", candidate)
        .then()
        .statusCode(200)
        .body("$", hasSize(1))
        .body("[0].endpoint", equalTo(endpoint));

    // Neither another candidate nor the same candidate id in another tenant sees or removes it.
    Tokens.as("someone-else")
        .delete("/candidates/{c}/push-subscriptions/{id}", "someone-else", id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    Tokens.as("someone-else")
        .delete("/candidates/{c}/push-subscriptions/{id}", candidate, id)
        .then()
        .statusCode(404);
    Tokens.as("other-tenant", candidate)
        .get("/candidates/{id}/push-subscriptions", candidate)
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
    Tokens.as("other-tenant", candidate)
        .delete("/candidates/{c}/push-subscriptions/{id}", candidate, id)
        .then()
        .statusCode(404);
    Tokens.as(candidate)
        .delete("/candidates/{c}/push-subscriptions/{id}", candidate, id)
        .then()
        .statusCode(204);
    Tokens.as(candidate)
        .get("/candidates/{id}/push-subscriptions", candidate)
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
  }

  @Test
  void aSubscriptionWithBadKeysIsRefused() {
    Tokens.as("cand-1")
        .contentType(ContentType.JSON)
        .body(
            """
            {"endpoint": "ftp://push.example.net/x", "keys": {"p256dh": "abc", "auth": "%s"}}
            """
                .formatted(AUTH + "AAAA"))
        .post("/candidates/{id}/push-subscriptions", "cand-1")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", containsInAnyOrder("endpoint", "keys.p256dh", "keys.auth"));
  }

  /**
   * The service posts to the endpoint: one carrying credentials is refused, in every deployment
   * (plain http too where push.allow-insecure-endpoints is off, which PushEndpointRuleTest checks:
   * the tests' own push service is plain http).
   */
  @Test
  void aSubscriptionWithUserInformationInItsEndpointIsRefused() {
    String candidate = "cand-" + UUID.randomUUID();
    Tokens.as(candidate)
        .contentType(ContentType.JSON)
        .body(
            """
            {"endpoint": "https://user:secret@push.example.net/send/x",
             "keys": {"p256dh": "%s", "auth": "%s"}}
            """
                .formatted(P256DH, AUTH))
        .post("/candidates/{id}/push-subscriptions", candidate)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:followup:problem:invalid-request"))
        .body("violations.field", contains("endpoint"))
        .body("violations[0].message", equalTo("must not contain user information"));
    Tokens.as(candidate)
        .get("/candidates/{id}/push-subscriptions", candidate)
        .then()
        .statusCode(200)
        .body("$", hasSize(0));
  }

  @Test
  void withoutAValidTokenTheApiAnswers401() {
    given()
        .get("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("type", equalTo("urn:followup:problem:unauthenticated"));
    given()
        .contentType(ContentType.JSON)
        .body("{}")
        .put("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(401);
    given().get("/candidates/{id}/push-subscriptions", "cand-1").then().statusCode(401);
    // A token that is not signed with the platform's key.
    String token = Tokens.token("acme", "cand-1");
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    given()
        .auth()
        .oauth2(forged)
        .get("/candidates/{id}/preferences", "cand-1")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  /** The key a browser needs before it can subscribe: public, no token. */
  @Test
  void theVapidPublicKeyIsPublished() {
    given()
        .get("/push/vapid-public-key")
        .then()
        .statusCode(200)
        .body("publicKey", equalTo(PushTestKeys.VAPID_PUBLIC_KEY));
  }
}

package dev.followup.interview;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokens signed like the platform's, and the records most tests start from. */
final class Fixtures {

  static final String TENANT = "tenant-" + UUID.randomUUID();
  private static final PrivateKey SIGNING_KEY = signingKey();

  private Fixtures() {}

  /** A bearer token for {@code candidateId} of {@code tenant}, as the platform issues it. */
  static String token(String tenant, String candidateId) {
    return token(tenant, candidateId, Instant.now().plus(Duration.ofMinutes(10)));
  }

  static String token(String tenant, String candidateId, Instant expiresAt) {
    return Jwt.issuer("urn:followup:platform")
        .subject(candidateId)
        .claim("tenant", tenant)
        .expiresAt(expiresAt)
        .jws()
        .algorithm(SignatureAlgorithm.RS256)
        .sign(SIGNING_KEY);
  }

  /** The candidate id a token was issued for. */
  static String subjectOf(String token) {
    String claims =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    Matcher subject = Pattern.compile("\"sub\":\"([^\"]+)\"").matcher(claims);
    if (!subject.find()) {
      throw new IllegalArgumentException("No subject in the token");
    }
    return subject.group(1);
  }

  /** A token for the candidate, whose profile is created unless it exists. */
  static String newCandidateIfAbsent(String tenant, String candidateId) {
    String token = token(tenant, candidateId);
    if (as(token).get("/candidate").statusCode() == 404) {
      newCandidate(tenant, candidateId);
    }
    return token;
  }

  static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }

  /** A new candidate with a profile; returns their token. */
  static String newCandidate() {
    return newCandidate(TENANT, "cand-" + UUID.randomUUID());
  }

  static String newCandidate(String tenant, String candidateId) {
    String token = token(tenant, candidateId);
    as(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "Sam Rivera", "email": "sam@example.com", "phone": "+1 312 555 0142",
             "timeZone": "America/Chicago", "locale": "en-US"}
            """)
        .put("/candidate")
        .then()
        .statusCode(201);
    return token;
  }

  static String opportunity(String token, String company) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"company": "%s", "role": "Backend engineer",
             "jobDescription": {"content": "# Backend engineer\\nKafka, PostgreSQL.",
                                "contentType": "text/markdown"}}
            """
                .formatted(company))
        .post("/opportunities")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static String interviewBody() {
    return """
        {
          "round": 2, "kind": "ON_SITE",
          "startsAt": "2026-11-24T14:00:00", "endsAt": "2026-11-24T15:30:00",
          "timeZone": "America/New_York",
          "finalRound": true, "referencesRequested": true,
          "notes": "They run billing on Kafka.",
          "nextSteps": {"expectedDecisionDate": "2026-12-04", "mayCallOn": "2026-12-07",
                        "weWillContactYou": false, "noFollowUpPolicy": false},
          "interviewers": [
            {"name": "Dana Lee", "title": "Engineering manager", "email": "dana@acme.example",
             "phone": "+1 212 555 0199", "mailingAddress": "Acme Corp, 1 Main St, New York",
             "timeZone": "America/New_York", "preferredChannel": "EMAIL",
             "topics": ["the billing migration"]},
            {"name": "Ari Cohen", "email": "ari@acme.example", "topics": ["on-call culture", "Kafka"]}
          ]
        }
        """;
  }

  /** Records an interview under the opportunity; returns its id. */
  static String interview(String token, String opportunityId) {
    return as(token)
        .contentType(ContentType.JSON)
        .body(interviewBody())
        .post("/opportunities/{id}/interviews", opportunityId)
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  static PrivateKey signingKey() {
    try {
      return KeyUtils.readPrivateKey("jwt/dev-private-key.pem");
    } catch (Exception e) {
      throw new IllegalStateException("The test signing key cannot be read", e);
    }
  }
}

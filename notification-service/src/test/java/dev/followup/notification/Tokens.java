package dev.followup.notification;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

/** Bearer tokens signed like the platform's, with the development key pair. */
public final class Tokens {

  /** The tenant the tests' candidates belong to; the due events carry it too. */
  public static final String TENANT = "acme-jobs";

  private static final PrivateKey SIGNING_KEY = signingKey();

  private Tokens() {}

  /** A token for {@code candidateId} of {@code tenant}, as the platform issues it. */
  public static String token(String tenant, String candidateId) {
    return Jwt.issuer("urn:followup:platform")
        .subject(candidateId)
        .claim("tenant", tenant)
        .expiresAt(Instant.now().plus(Duration.ofMinutes(10)))
        .jws()
        .algorithm(SignatureAlgorithm.RS256)
        .sign(SIGNING_KEY);
  }

  /** A request authenticated as {@code candidateId} of {@link #TENANT}. */
  public static RequestSpecification as(String candidateId) {
    return as(TENANT, candidateId);
  }

  public static RequestSpecification as(String tenant, String candidateId) {
    return given().auth().oauth2(token(tenant, candidateId));
  }

  private static PrivateKey signingKey() {
    try {
      return KeyUtils.readPrivateKey("jwt/dev-private-key.pem");
    } catch (Exception e) {
      throw new IllegalStateException("The test signing key cannot be read", e);
    }
  }
}

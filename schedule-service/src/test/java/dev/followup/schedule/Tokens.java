package dev.followup.schedule;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Bearer tokens signed like the platform's, with the development key pair. */
final class Tokens {

  /** The tenant the test events and tokens use unless a test names another. */
  static final String TENANT = "tenant-test";

  private static final String PRIVATE_KEY = "jwt/dev-private-key.pem";
  private static final PrivateKey SIGNING_KEY = signingKey();

  private Tokens() {}

  /** A token for {@code candidateId} of {@code tenant}. */
  static String candidate(String tenant, String candidateId) {
    return token(tenant, candidateId, Set.of());
  }

  /** A token for an administrator of {@code tenant} (group {@code tenant-admin}). */
  static String tenantAdmin(String tenant) {
    return token(tenant, "admin-of-" + tenant, Set.of("tenant-admin"));
  }

  static String token(String tenant, String subject, Set<String> groups) {
    return Jwt.issuer("urn:followup:platform")
        .subject(subject)
        .claim("tenant", tenant)
        .groups(groups)
        .expiresAt(Instant.now().plus(Duration.ofMinutes(10)))
        .jws()
        .algorithm(SignatureAlgorithm.RS256)
        .sign(SIGNING_KEY);
  }

  /** A request sent with the token. */
  static RequestSpecification as(String token) {
    return given().auth().oauth2(token);
  }

  /** A request sent as the candidate of the test tenant. */
  static RequestSpecification asCandidate(String candidateId) {
    return as(candidate(TENANT, candidateId));
  }

  /** Read through this class's loader: tokens may first be made on a thread with another one. */
  private static PrivateKey signingKey() {
    try (InputStream pem = Tokens.class.getClassLoader().getResourceAsStream(PRIVATE_KEY)) {
      if (pem == null) {
        throw new IllegalStateException("No " + PRIVATE_KEY + " on the test class path");
      }
      return KeyUtils.decodePrivateKey(new String(pem.readAllBytes(), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("The test signing key cannot be read", e);
    }
  }
}

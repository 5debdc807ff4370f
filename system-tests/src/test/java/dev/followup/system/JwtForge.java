package dev.followup.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Bearer tokens good and bad, for the security tests: the platform's (signed with the development
 * key the services trust, any claims and lifetime), one signed by a key nobody trusts, unsigned
 * ones. {@link Tokens} is the plain platform token of the other system tests.
 */
final class JwtForge {

  static final String ISSUER = "urn:followup:platform";

  private final PrivateKey platformKey;
  private final PrivateKey strangerKey;

  private JwtForge(PrivateKey platformKey, PrivateKey strangerKey) {
    this.platformKey = platformKey;
    this.strangerKey = strangerKey;
  }

  static JwtForge fromRepository(Path root) {
    Path pem = root.resolve("interview-service/src/test/resources/jwt/dev-private-key.pem");
    try {
      String base64 =
          Files.readString(pem)
              .replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      PrivateKey platform =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new JwtForge(platform, generator.generateKeyPair().getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the development signing key " + pem, e);
    }
  }

  /** A token of the platform for a candidate, valid for an hour. */
  String candidate(String tenant, String candidateId) {
    return sign(platformKey, claims(tenant, candidateId, List.of(), Instant.now(), HOUR));
  }

  /** A token of the platform for a candidate who also administers the tenant. */
  String tenantAdmin(String tenant, String candidateId) {
    return sign(
        platformKey, claims(tenant, candidateId, List.of("tenant-admin"), Instant.now(), HOUR));
  }

  /** Signed by the platform, but expired ten minutes ago (beyond any clock-skew allowance). */
  String expired(String tenant, String candidateId) {
    Instant issued = Instant.now().minus(Duration.ofHours(2));
    return sign(
        platformKey, claims(tenant, candidateId, List.of(), issued, Duration.ofMinutes(110)));
  }

  /** Well formed and unexpired, signed by a key the services do not trust. */
  String signedByStranger(String tenant, String candidateId) {
    return sign(strangerKey, claims(tenant, candidateId, List.of(), Instant.now(), HOUR));
  }

  /** The platform's claims with {@code alg: none} and no signature. */
  String unsigned(String tenant, String candidateId) {
    String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    return header + "." + encode(claims(tenant, candidateId, List.of(), Instant.now(), HOUR)) + ".";
  }

  /** Signed by the platform, issued by someone else. */
  String otherIssuer(String tenant, String candidateId) {
    return sign(
        platformKey,
        claims(tenant, candidateId, List.of(), Instant.now(), HOUR)
            .replace(ISSUER, "urn:someone:else"));
  }

  private static final Duration HOUR = Duration.ofHours(1);

  private static String claims(
      String tenant, String candidateId, List<String> groups, Instant issued, Duration lifetime) {
    String groupList =
        groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]"));
    return ("{\"iss\":\"%s\",\"sub\":\"%s\",\"tenant\":\"%s\",\"groups\":%s,"
            + "\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}")
        .formatted(
            ISSUER,
            candidateId,
            tenant,
            groupList,
            issued.getEpochSecond(),
            issued.plus(lifetime).getEpochSecond(),
            UUID.randomUUID());
  }

  private static String sign(PrivateKey key, String claims) {
    String input = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}

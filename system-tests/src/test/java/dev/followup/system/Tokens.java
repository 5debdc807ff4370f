package dev.followup.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Bearer tokens as the platform issues them (RS256 JWT with claims {@code sub} and {@code tenant}),
 * signed with the interview-service's development key, which the services under test trust.
 */
final class Tokens {

  private final PrivateKey key;

  private Tokens(PrivateKey key) {
    this.key = key;
  }

  static Tokens fromRepository(Path root) {
    Path pem = root.resolve("interview-service/src/test/resources/jwt/dev-private-key.pem");
    try {
      String base64 =
          Files.readString(pem)
              .replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      return new Tokens(
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64))));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the development signing key " + pem, e);
    }
  }

  String forCandidate(String tenant, String candidateId) {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\"urn:followup:platform\",\"sub\":\"%s\",\"tenant\":\"%s\",\"iat\":%d,\"exp\":%d}"
            .formatted(candidateId, tenant, now, now + 3600);
    String input =
        encode(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + encode(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + encode(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

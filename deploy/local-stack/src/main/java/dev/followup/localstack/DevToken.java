package dev.followup.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs a bearer token the way the platform does (RS256 JWT, claims {@code sub} and {@code
 * tenant}), with the development key pair of the interview-service. For local runs only: no
 * deployed service trusts this key.
 *
 * <p>Standalone, so it runs straight from source: {@code java
 * deploy/local-stack/src/main/java/dev/followup/localstack/DevToken.java cand-1 local}.
 */
public final class DevToken {

  /** The issuer the interview-service expects by default ({@code mp.jwt.verify.issuer}). */
  public static final String ISSUER = "urn:followup:platform";

  /** Where the development private key lives, from the repository root. */
  public static final String PRIVATE_KEY =
      "interview-service/src/test/resources/jwt/dev-private-key.pem";

  private DevToken() {}

  /** Prints a token: arguments candidate id (default cand-1), tenant (default local), hours. */
  public static void main(String[] args) throws Exception {
    String subject = args.length > 0 ? args[0] : "cand-1";
    String tenant = args.length > 1 ? args[1] : "local";
    long hours = args.length > 2 ? Long.parseLong(args[2]) : 12;
    System.out.println(sign(Path.of(PRIVATE_KEY), subject, tenant, Duration.ofHours(hours)));
  }

  /** A token for {@code subject} of {@code tenant}, valid for {@code lifetime}. */
  public static String sign(Path privateKeyPem, String subject, String tenant, Duration lifetime)
      throws IOException, GeneralSecurityException {
    Instant now = Instant.now();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\"%s\",\"sub\":\"%s\",\"tenant\":\"%s\",\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}"
            .formatted(
                ISSUER,
                json(subject),
                json(tenant),
                now.getEpochSecond(),
                now.plus(lifetime).getEpochSecond(),
                UUID.randomUUID());
    String signingInput =
        base64Url(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + base64Url(claims.getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(readPrivateKey(privateKeyPem));
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + base64Url(signature.sign());
  }

  private static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
    String base64 =
        Files.readString(pem)
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String json(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}

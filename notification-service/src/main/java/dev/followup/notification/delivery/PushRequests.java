package dev.followup.notification.delivery;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.martijndwars.webpush.AbstractPushService;
import nl.martijndwars.webpush.Encoding;
import nl.martijndwars.webpush.Notification;
import nl.martijndwars.webpush.Utils;
import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Web Push requests signed with one VAPID key pair: the payload encrypted by the web-push library
 * ({@code aes128gcm}, RFC 8291), the request authorised by a VAPID token (RFC 8292).
 *
 * <p>Why not the library's own request preparation: on every request it checks that the private key
 * matches the public key (an elliptic-curve multiplication in big-integer arithmetic) and signs a
 * new token. In a profile of the delivery benchmark the two took 40% of the CPU of a push. Here the
 * key pair is checked once, and a token is signed once per push service and reused until less than
 * half of its life is left: RFC 8292 lets a sender reuse a token for as long as it is valid, and
 * keeps that under 24 hours.
 */
final class PushRequests extends AbstractPushService<PushRequests> {

  static {
    // The web-push library reads and makes its keys with Bouncy Castle.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  /** How long a VAPID token is valid; it is replaced once half of that has passed. */
  static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  /** Push services are few; more origins than this (a flood of odd endpoints) start afresh. */
  private static final int MAX_ORIGINS = 1000;

  private final Clock clock;
  private final String publicKeyParameter;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  /** A request ready to go: where, with which headers, and the encrypted body. */
  record Prepared(String url, Map<String, String> headers, byte[] body) {}

  /** A signed token for one push service, and when it stops being valid. */
  private record Token(String authorization, Instant expiresAt) {}

  private PushRequests(String publicKey, String privateKey, String subject, Clock clock)
      throws GeneralSecurityException {
    super(publicKey, privateKey, subject);
    if (!Utils.verifyKeyPair(getPrivateKey(), getPublicKey())) {
      throw new GeneralSecurityException("The VAPID public and private keys do not match");
    }
    this.clock = clock;
    this.publicKeyParameter =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Utils.encode((ECPublicKey) getPublicKey()));
  }

  /** Requests signed with the configured key pair; empty if no key pair is configured. */
  static Optional<PushRequests> of(PushConfig.Vapid vapid, Clock clock) {
    if (vapid.publicKey().isEmpty() || vapid.privateKey().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PushRequests(
              vapid.publicKey().get(), vapid.privateKey().get(), vapid.subject(), clock));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalStateException("The VAPID key pair cannot be used: " + e, e);
    }
  }

  /**
   * The request that delivers the notification: its payload encrypted to the subscription's keys,
   * with {@code TTL}, {@code Urgency} and {@code Topic} as the notification says.
   */
  Prepared prepare(Notification notification) throws GeneralSecurityException, JoseException {
    String endpoint = notification.getEndpoint();
    if (endpoint.startsWith("https://fcm.googleapis.com")) {
      // FCM takes aes128gcm with VAPID on its Web Push path, not on the legacy one.
      endpoint = endpoint.replace("fcm/send", "wp");
    }
    byte[] body =
        encrypt(
                notification.getPayload(),
                notification.getUserPublicKey(),
                notification.getUserAuth(),
                Encoding.AES128GCM)
            .getCiphertext();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("TTL", Integer.toString(notification.getTTL()));
    if (notification.hasUrgency()) {
      headers.put("Urgency", notification.getUrgency().getHeaderValue());
    }
    if (notification.hasTopic()) {
      headers.put("Topic", notification.getTopic());
    }
    headers.put("Content-Type", "application/octet-stream");
    headers.put("Content-Encoding", "aes128gcm");
    headers.put("Authorization", authorization(origin(endpoint)));
    return new Prepared(endpoint, headers, body);
  }

  /** The {@code Authorization} header for a push service: its token, signed at most every 6 h. */
  String authorization(String origin) throws JoseException {
    Instant now = clock.instant();
    Token token = tokens.get(origin);
    if (token == null || !now.isBefore(token.expiresAt().minus(TOKEN_LIFETIME.dividedBy(2)))) {
      if (tokens.size() >= MAX_ORIGINS) {
        tokens.clear();
      }
      token = sign(origin, now);
      tokens.put(origin, token);
    }
    return token.authorization();
  }

  private Token sign(String origin, Instant now) throws JoseException {
    Instant expiresAt = now.plus(TOKEN_LIFETIME);
    JwtClaims claims = new JwtClaims();
    claims.setAudience(origin);
    claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
    if (getSubject() != null) {
      claims.setSubject(getSubject());
    }
    JsonWebSignature token = new JsonWebSignature();
    token.setHeader("typ", "JWT");
    token.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    token.setPayload(claims.toJson());
    token.setKey(getPrivateKey());
    return new Token(
        "vapid t=" + token.getCompactSerialization() + ", k=" + publicKeyParameter, expiresAt);
  }

  /**
   * The endpoint's origin (RFC 6454), the token's audience: scheme, host, and the port unless it is
   * the scheme's default (the library's own drops any port, which names another origin for a push
   * service on a non-default port).
   */
  static String origin(String endpoint) {
    URI uri = URI.create(endpoint);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
  }
}

package dev.followup.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * One-click unsubscribe links (RFC 8058) for reminder emails, and the signed tokens they carry.
 *
 * <p>A token names the tenant, the candidate, the scope ({@code email}) and when it was issued,
 * each part base64url-encoded, followed by an HMAC-SHA256 over all of them with {@code
 * delivery.unsubscribe.secret}: {@code v1.<tenant>.<candidate>.<scope>.<issued>.<mac>}. Only this
 * service can make one; changing any part breaks the MAC. A token older than {@code
 * delivery.unsubscribe.max-age} (or issued in the future) is refused. Without a secret no link is
 * made and every token is refused.
 */
@ApplicationScoped
public class UnsubscribeLinks {

  private static final Logger LOG = Logger.getLogger(UnsubscribeLinks.class);

  /** What an unsubscribe link opts out of. */
  public static final String EMAIL = "email";

  private static final String VERSION = "v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final int MIN_SECRET_LENGTH = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Who a valid token speaks for. */
  public record Subject(String tenantId, String candidateId, String scope, Instant issuedAt) {}

  private final Optional<SecretKeySpec> key;
  private final String baseUrl;
  private final Optional<String> mailto;
  private final Duration maxAge;
  private final Clock clock;

  /**
   * A keyed HMAC per thread (a Mac is not thread-safe): looking the algorithm up among the security
   * providers and keying it again for every email cost more than the MAC itself.
   */
  private final ThreadLocal<Mac> macs;

  UnsubscribeLinks(DeliveryConfig config, Clock clock) {
    DeliveryConfig.Unsubscribe unsubscribe = config.unsubscribe();
    this.key =
        unsubscribe
            .secret()
            .filter(secret -> !secret.isBlank())
            .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    this.macs = ThreadLocal.withInitial(() -> keyedMac(key.orElseThrow()));
    if (key.isEmpty()) {
      LOG.warn(
          "No delivery.unsubscribe.secret: emails go out without a one-click unsubscribe link");
    } else if (unsubscribe.secret().get().length() < MIN_SECRET_LENGTH) {
      LOG.warnf("delivery.unsubscribe.secret is shorter than %d characters", MIN_SECRET_LENGTH);
    }
    this.baseUrl = config.publicUrl().replaceAll("/+$", "");
    this.mailto = unsubscribe.mailto().filter(m -> !m.isBlank());
    this.maxAge = unsubscribe.maxAge();
    this.clock = clock;
  }

  /** The link for a candidate's reminder emails, if links are configured. */
  public Optional<String> emailLink(String tenantId, String candidateId) {
    if (key.isEmpty() || candidateId == null) {
      return Optional.empty();
    }
    String token = token(tenantId == null ? "" : tenantId, candidateId, EMAIL, clock.instant());
    return Optional.of(baseUrl + "/unsubscribe/" + EMAIL + "?token=" + token);
  }

  /**
   * The {@code List-Unsubscribe} header value (RFC 2369): the HTTPS link, and a {@code mailto:}
   * when one is configured.
   */
  public String listUnsubscribeHeader(String link) {
    return "<"
        + link
        + ">"
        + mailto
            .map(
                address ->
                    ", <mailto:"
                        + address
                        + "?subject="
                        + URLEncoder.encode("unsubscribe", StandardCharsets.UTF_8)
                        + ">")
            .orElse("");
  }

  /** Who the token speaks for, if it is genuine, for this scope, and not expired. */
  public Optional<Subject> verify(String token, String scope) {
    if (key.isEmpty() || token == null || token.length() > 2000) {
      return Optional.empty();
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 6 || !VERSION.equals(parts[0])) {
      return Optional.empty();
    }
    String signed = String.join(".", parts[0], parts[1], parts[2], parts[3], parts[4]);
    byte[] expected = mac(signed);
    byte[] given;
    try {
      given = DECODER.decode(parts[5]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    String tenant = decode(parts[1]);
    String candidate = decode(parts[2]);
    String tokenScope = decode(parts[3]);
    Instant issued;
    try {
      issued = Instant.ofEpochSecond(Long.parseLong(parts[4]));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!scope.equals(tokenScope)
        || candidate.isEmpty()
        || issued.isAfter(now.plus(SKEW))
        || issued.plus(maxAge).isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of(new Subject(tenant, candidate, tokenScope, issued));
  }

  String token(String tenantId, String candidateId, String scope, Instant issuedAt) {
    String signed =
        String.join(
            ".",
            VERSION,
            encode(tenantId),
            encode(candidateId),
            encode(scope),
            Long.toString(issuedAt.getEpochSecond()));
    return signed + "." + ENCODER.encodeToString(mac(signed));
  }

  private byte[] mac(String data) {
    // doFinal leaves the Mac ready for the next message under the same key.
    return macs.get().doFinal(data.getBytes(StandardCharsets.US_ASCII));
  }

  private static Mac keyedMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static String encode(String value) {
    return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Only called once the MAC matched: the parts are ours. */
  private static String decode(String part) {
    return new String(DECODER.decode(part), StandardCharsets.UTF_8);
  }
}

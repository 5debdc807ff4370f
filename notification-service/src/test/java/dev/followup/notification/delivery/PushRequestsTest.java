package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.followup.infra.LocalPushService;
import dev.followup.infra.LocalPushService.VapidKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import nl.martijndwars.webpush.Notification;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus test only for its class loader: the application registers Bouncy Castle, and a copy of
 * the library loaded beside it by the plain test class loader could not use that provider's keys.
 */
@QuarkusTest
class PushRequestsTest {

  private final VapidKeys keys = VapidKeys.generate();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T09:00:00Z"));

  @Test
  void signsOneTokenPerPushServiceAndRenewsItAtHalfItsLife() throws Exception {
    PushRequests requests =
        PushRequests.of(vapid(keys.publicKey(), keys.privateKey()), clock).get();
    try (LocalPushService service = LocalPushService.start(0, keys.publicKey())) {
      LocalPushService.Subscription subscription = service.subscribe();

      PushRequests.Prepared first = requests.prepare(notification(subscription));
      clock.advance(PushRequests.TOKEN_LIFETIME.dividedBy(2).minusSeconds(1));
      PushRequests.Prepared second = requests.prepare(notification(subscription));
      clock.advance(Duration.ofSeconds(1));
      PushRequests.Prepared renewed = requests.prepare(notification(subscription));

      String token = first.headers().get("Authorization");
      assertThat(token).startsWith("vapid t=").endsWith(", k=" + keys.publicKey());
      assertThat(second.headers()).containsEntry("Authorization", token);
      assertThat(renewed.headers().get("Authorization")).isNotEqualTo(token);
      // The audience keeps the endpoint's port; the token lasts its lifetime from signing.
      String claims = claims(token);
      assertThat(claims)
          .contains("\"aud\":\"" + PushRequests.origin(subscription.endpoint()) + "\"")
          .contains("\"exp\":" + Instant.parse("2026-03-01T21:00:00Z").getEpochSecond());
      assertThat(PushRequests.origin(subscription.endpoint()))
          .matches("http://127\\.0\\.0\\.1:\\d+");
      // Every message is encrypted afresh.
      assertThat(second.body()).isNotEqualTo(first.body());
      assertThat(first.headers()).containsEntry("Content-Encoding", "aes128gcm");
    }
  }

  @Test
  void refusesAKeyPairThatDoesNotMatch() {
    VapidKeys other = VapidKeys.generate();
    assertThatThrownBy(() -> PushRequests.of(vapid(keys.publicKey(), other.privateKey()), clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("do not match");
  }

  @Test
  void theOriginLeavesOutOnlyTheSchemesDefaultPort() {
    assertThat(PushRequests.origin("https://fcm.googleapis.com:443/wp/abc"))
        .isEqualTo("https://fcm.googleapis.com");
    assertThat(PushRequests.origin("https://push.example:8443/a"))
        .isEqualTo("https://push.example:8443");
    assertThat(PushRequests.origin("http://127.0.0.1:80/a")).isEqualTo("http://127.0.0.1");
  }

  private static Notification notification(LocalPushService.Subscription subscription)
      throws Exception {
    return Notification.builder()
        .endpoint(subscription.endpoint())
        .userPublicKey(Base64.getUrlDecoder().decode(subscription.p256dh()))
        .userAuth(Base64.getUrlDecoder().decode(subscription.auth()))
        .payload("{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8))
        .ttl(60)
        .build();
  }

  /** The token's claims, decoded (its signature is the push service's business). */
  private static String claims(String authorization) {
    String token = authorization.substring("vapid t=".length(), authorization.indexOf(','));
    return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  private static PushConfig.Vapid vapid(String publicKey, String privateKey) {
    return new PushConfig.Vapid() {
      @Override
      public Optional<String> publicKey() {
        return Optional.of(publicKey);
      }

      @Override
      public Optional<String> privateKey() {
        return Optional.of(privateKey);
      }

      @Override
      public String subject() {
        return "mailto:followup@localhost";
      }
    };
  }

  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

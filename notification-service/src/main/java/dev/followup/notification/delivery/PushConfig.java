package dev.followup.notification.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Web Push: the application server's VAPID identity (RFC 8292). */
@ConfigMapping(prefix = "push")
public interface PushConfig {

  Vapid vapid();

  /** Longest a push service keeps an undelivered reminder to a call (TTL); urgency high. */
  @WithDefault("4h")
  Duration callTtl();

  /** The same for drafts to send; urgency normal. */
  @WithDefault("24h")
  Duration draftTtl();

  /** The same for nudges; urgency low. */
  @WithDefault("72h")
  Duration nudgeTtl();

  @WithDefault("10s")
  Duration timeout();

  /**
   * Whether subscriptions may name a plain-http push service. Off but where the push service is a
   * local stand-in (the tests): Web Push runs over https, and a client-given http URL would let
   * anyone have the service post inside its own network.
   */
  @WithDefault("false")
  boolean allowInsecureEndpoints();

  /**
   * The VAPID key pair, P-256, base64url: the public key as an uncompressed point (65 bytes), the
   * private key as its 32-byte scalar. Without them, push is not offered and reminders fall back to
   * the candidate's next channel.
   */
  interface Vapid {
    Optional<String> publicKey();

    Optional<String> privateKey();

    /** Contact for push services, a mailto: or https: URI. */
    @WithDefault("mailto:followup@localhost")
    String subject();
  }
}

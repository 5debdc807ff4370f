package dev.followup.notification.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** SMS: which provider, and Twilio's account and endpoints. */
@ConfigMapping(prefix = "sms")
public interface TwilioConfig {

  /** The {@link SmsProvider} to use, by name. */
  @WithDefault("twilio")
  String provider();

  Twilio twilio();

  /** Twilio's Messaging REST API. Without an account SID and auth token, SMS is not offered. */
  interface Twilio {
    /** Twilio's API, or a server speaking it. */
    @WithDefault("https://api.twilio.com")
    String baseUrl();

    Optional<String> accountSid();

    /** Also the key of the HMAC that signs Twilio's webhooks. */
    Optional<String> authToken();

    /** The sending number, E.164; or a messaging service instead. */
    Optional<String> from();

    Optional<String> messagingServiceSid();

    /**
     * This service's base URL as Twilio reaches it, e.g. https://notify.example.com: status
     * callbacks are requested at {@code <public-url>/webhooks/twilio/status}, and webhook
     * signatures are checked against URLs under it. Without it, no status callback is requested and
     * signatures are checked against the URL the request arrived on.
     */
    Optional<String> publicUrl();

    @WithDefault("10s")
    Duration timeout();
  }
}

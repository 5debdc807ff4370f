package dev.followup.notification.fakes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the local servers that speak the SMS and push providers' protocols, and points the service
 * at them.
 */
public class FakeProvidersResource implements QuarkusTestResourceLifecycleManager {

  /** Where this service says Twilio reaches it; webhook signatures are computed over it. */
  public static final String PUBLIC_URL = "https://notify.example.test";

  private FakeTwilio twilio;

  @Override
  public Map<String, String> start() {
    twilio = FakeTwilio.start();
    return Map.of(
        "sms.twilio.base-url", twilio.baseUrl(),
        "sms.twilio.account-sid", FakeTwilio.ACCOUNT_SID,
        "sms.twilio.auth-token", FakeTwilio.AUTH_TOKEN,
        "sms.twilio.from", FakeTwilio.FROM,
        "sms.twilio.public-url", PUBLIC_URL);
  }

  @Override
  public void stop() {
    if (twilio != null) {
      twilio.close();
    }
  }
}

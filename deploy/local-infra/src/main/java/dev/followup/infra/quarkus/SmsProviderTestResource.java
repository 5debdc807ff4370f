package dev.followup.infra.quarkus;

import dev.followup.infra.LocalSmsProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link LocalSmsProvider} and points a {@code @QuarkusTest}'s Twilio client at it ({@code
 * sms.twilio.*}). The init argument {@code public-url} sets {@code sms.twilio.public-url}, the
 * service's address as Twilio would reach it (webhook signatures are computed over it).
 */
public class SmsProviderTestResource implements QuarkusTestResourceLifecycleManager {

  private LocalSmsProvider provider;
  private String publicUrl;

  @Override
  public void init(Map<String, String> initArgs) {
    publicUrl = initArgs.get("public-url");
  }

  @Override
  public Map<String, String> start() {
    provider = LocalSmsProvider.start(0);
    Map<String, String> config = new HashMap<>();
    config.put("sms.twilio.base-url", provider.baseUrl());
    config.put("sms.twilio.account-sid", LocalSmsProvider.ACCOUNT_SID);
    config.put("sms.twilio.auth-token", LocalSmsProvider.AUTH_TOKEN);
    config.put("sms.twilio.from", LocalSmsProvider.FROM);
    if (publicUrl != null) {
      config.put("sms.twilio.public-url", publicUrl);
    }
    return config;
  }

  @Override
  public void stop() {
    if (provider != null) {
      provider.close();
    }
  }
}

package dev.followup.localstack;

import dev.followup.infra.LocalSmsProvider;
import java.util.List;

/** The text messages the stand-in for Twilio accepted, as captured messages. */
final class CapturedSms implements CapturedMessage.Source {

  private final LocalSmsProvider provider;

  CapturedSms(LocalSmsProvider provider) {
    this.provider = provider;
  }

  @Override
  public List<CapturedMessage> get() {
    return provider.messages().stream()
        .map(
            sms ->
                new CapturedMessage(
                    "sms", sms.createdAt(), sms.to(), "", sms.body(), "from " + sms.from()))
        .toList();
  }
}

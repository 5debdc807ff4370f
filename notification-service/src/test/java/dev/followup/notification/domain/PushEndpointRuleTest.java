package dev.followup.notification.domain;

import static dev.followup.notification.domain.PushEndpointRule.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which push service URLs a subscription may name, with the insecure switch off and on. */
class PushEndpointRuleTest {

  @Test
  void onlyHttpsIsTakenByDefault() {
    assertThat(refusal("https://fcm.googleapis.com/fcm/send/abc", false)).isEmpty();
    assertThat(refusal("HTTPS://updates.push.services.mozilla.com/wpush/v2/x", false)).isEmpty();
    assertThat(refusal("http://push.example.net/send/abc", false)).contains("must be an https URL");
    assertThat(refusal("http://169.254.169.254/latest/meta-data", false))
        .contains("must be an https URL");
    assertThat(refusal("ftp://push.example.net/x", false)).contains("must be an https URL");
    assertThat(refusal("push.example.net/send", false)).contains("must be an https URL");
    assertThat(refusal("https://push.example.net/a b", false)).contains("must be an https URL");
  }

  @Test
  void plainHttpOnlyWhereTheSwitchIsOn() {
    assertThat(refusal("http://127.0.0.1:8089/push/abc", true)).isEmpty();
    assertThat(refusal("https://push.example.net/send/abc", true)).isEmpty();
    assertThat(refusal("ftp://push.example.net/x", true)).contains("must be an http(s) URL");
  }

  @Test
  void userInformationAndAMissingHostAreRefusedEitherWay() {
    for (boolean allowInsecure : new boolean[] {false, true}) {
      assertThat(refusal("https://user@push.example.net/send", allowInsecure))
          .contains("must not contain user information");
      assertThat(refusal("https://user:secret@push.example.net/send", allowInsecure))
          .contains("must not contain user information");
      assertThat(refusal("https://a@b@push.example.net/send", allowInsecure))
          .contains("must name a host");
      assertThat(refusal("https:push.example.net/send", allowInsecure))
          .contains("must name a host");
      assertThat(refusal("https:///send", allowInsecure)).contains("must name a host");
    }
  }
}

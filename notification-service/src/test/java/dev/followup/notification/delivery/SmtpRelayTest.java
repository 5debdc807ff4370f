package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

class SmtpRelayTest {

  @Test
  void namesTheStreamProviderSoThatJakartaMailSkipsTheServiceLoaderScan() {
    new SmtpRelay(
        "localhost",
        Optional.of(2525),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "DISABLED",
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60));

    assertThat(System.getProperty(StreamProvider.class.getName()))
        .isEqualTo(MailStreamProvider.class.getName());
    assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
  }
}

package dev.followup.infra.quarkus;

import dev.followup.infra.LocalSmtpServer;
import dev.followup.infra.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest}'s mailer at the JVM's real SMTP server. */
public class SmtpTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    LocalSmtpServer smtp = SharedInfrastructure.smtp();
    return Map.of(
        "quarkus.mailer.host", smtp.host(),
        "quarkus.mailer.port", Integer.toString(smtp.port()),
        "quarkus.mailer.mock", "false");
  }

  @Override
  public void stop() {
    // The server is shared by every test of this JVM and stops with it.
  }
}

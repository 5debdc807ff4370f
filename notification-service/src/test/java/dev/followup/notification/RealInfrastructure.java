package dev.followup.notification;

import dev.followup.infra.quarkus.KafkaTestResource;
import dev.followup.infra.quarkus.PostgresTestResource;
import dev.followup.infra.quarkus.SmsProviderTestResource;
import dev.followup.infra.quarkus.SmtpTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every {@code @QuarkusTest} of this service runs against a real Kafka broker, a real PostgreSQL
 * database and a real SMTP server, shared by the whole test JVM, and against local servers that
 * speak the SMS provider's protocol (push tests start their own push service).
 */
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = PostgresTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "database", value = "notifications"))
@WithTestResource(value = SmtpTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = SmsProviderTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "public-url", value = RealInfrastructure.PUBLIC_URL))
public final class RealInfrastructure {

  /** Where this service says Twilio reaches it; webhook signatures are computed over it. */
  public static final String PUBLIC_URL = "https://notify.example.test";

  private RealInfrastructure() {}
}

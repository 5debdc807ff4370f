package dev.followup.notification;

import dev.followup.infra.quarkus.KafkaTestResource;
import dev.followup.infra.quarkus.PostgresTestResource;
import dev.followup.infra.quarkus.SmtpTestResource;
import dev.followup.notification.fakes.FakeProvidersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every {@code @QuarkusTest} of this service runs against a real Kafka broker, a real PostgreSQL
 * database and a real SMTP server, shared by the whole test JVM, and against local servers that
 * speak the SMS and push providers' protocols.
 */
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = PostgresTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "database", value = "notifications"))
@WithTestResource(value = SmtpTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeProvidersResource.class, scope = TestResourceScope.GLOBAL)
public final class RealInfrastructure {
  private RealInfrastructure() {}
}

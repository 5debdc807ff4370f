package dev.followup.schedule;

import dev.followup.infra.quarkus.KafkaTestResource;
import dev.followup.infra.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every {@code @QuarkusTest} of this service runs against a real Kafka broker and a real PostgreSQL
 * database, shared by the whole test JVM.
 */
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(
    value = PostgresTestResource.class,
    scope = TestResourceScope.GLOBAL,
    initArgs = @ResourceArg(name = "database", value = "schedules"))
public final class RealInfrastructure {
  private RealInfrastructure() {}
}

package dev.followup.infra.quarkus;

import dev.followup.infra.LocalPostgres;
import dev.followup.infra.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at its own database on the JVM's real PostgreSQL server. The
 * database name comes from the {@code database} init argument.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  private String database = "app";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    return Map.of(
        "quarkus.datasource.jdbc.url", SharedInfrastructure.postgresDatabase(database),
        "quarkus.datasource.username", LocalPostgres.USER,
        "quarkus.datasource.password", LocalPostgres.PASSWORD);
  }

  @Override
  public void stop() {
    // The server is shared by every test of this JVM and stops with it.
  }
}

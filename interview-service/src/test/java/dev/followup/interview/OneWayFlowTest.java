package dev.followup.interview;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Guards the one-way flow inside the service: entry points (REST resources, Kafka consumers) on
 * top, then application services, then the domain and the outgoing adapters. Nothing below imports
 * anything above.
 */
class OneWayFlowTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.followup.interview");

  @Test
  void dependenciesPointDownwardsOnly() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("Entry")
        .definedBy("..interview.api..", "..interview.incoming..")
        .layer("Application")
        .definedBy("..interview.application..")
        .layer("Outgoing")
        .definedBy("..interview.persistence..", "..interview.outbox..", "..interview.publishing..")
        .layer("Domain")
        .definedBy("..interview.domain..")
        .whereLayer("Entry")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Application")
        .mayOnlyBeAccessedByLayers("Entry")
        .whereLayer("Outgoing")
        .mayOnlyBeAccessedByLayers("Entry", "Application")
        .check(CLASSES);
  }

  @Test
  void domainIsPlainJava() {
    noClasses()
        .that()
        .resideInAPackage("..interview.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..", "io.smallrye..", "jakarta..", "org.hibernate..", "org.apache.kafka..")
        .check(CLASSES);
  }

  @Test
  void domainDependsOnNothingElseInTheService() {
    noClasses()
        .that()
        .resideInAPackage("..interview.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..interview.api..",
            "..interview.incoming..",
            "..interview.application..",
            "..interview.persistence..",
            "..interview.outbox..",
            "..interview.publishing..",
            "..interview.config..")
        .check(CLASSES);
  }

  /**
   * The shared event edge (CloudEvents written to Kafka, the outbox relay's round) belongs to the
   * outbox relay alone.
   */
  @Test
  void onlyTheOutgoingEventsUseTheEventEdge() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.followup.interview.outbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.followup.events..")
        .check(CLASSES);
  }

  /** The shared REST edge (problem details, body checks) belongs to the REST API alone. */
  @Test
  void onlyTheRestApiUsesTheRestEdge() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.followup.interview.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.followup.rest..")
        .check(CLASSES);
  }
}

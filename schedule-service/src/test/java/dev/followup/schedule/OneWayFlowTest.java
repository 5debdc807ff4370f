package dev.followup.schedule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Guards the one-way flow inside the service: entry points (REST resources, Kafka consumers) on
 * top, then application services, then the domain and the outgoing adapters. Nothing below imports
 * anything above. Metrics and trace propagation are support used at every level; they use nothing
 * of the service but the domain's vocabulary.
 */
class OneWayFlowTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.followup.schedule");

  @Test
  void dependenciesPointDownwardsOnly() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("Entry")
        .definedBy("..schedule.api..", "..schedule.incoming..")
        .layer("Application")
        .definedBy("..schedule.application..")
        .layer("Outgoing")
        .definedBy("..schedule.persistence..", "..schedule.outbox..", "..schedule.publishing..")
        .layer("Domain")
        .definedBy("..schedule.domain..")
        .layer("Support")
        .definedBy("..schedule.metrics..", "..schedule.tracing..")
        .whereLayer("Entry")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Application")
        .mayOnlyBeAccessedByLayers("Entry")
        .whereLayer("Outgoing")
        .mayOnlyBeAccessedByLayers("Entry", "Application")
        .whereLayer("Support")
        .mayOnlyBeAccessedByLayers("Entry", "Application", "Outgoing")
        .check(CLASSES);
  }

  @Test
  void supportUsesNothingOfTheServiceButTheDomain() {
    noClasses()
        .that()
        .resideInAnyPackage("..schedule.metrics..", "..schedule.tracing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..schedule.api..",
            "..schedule.incoming..",
            "..schedule.application..",
            "..schedule.persistence..",
            "..schedule.publishing..",
            "..schedule.config..")
        .check(CLASSES);
  }

  @Test
  void domainIsPlainJava() {
    noClasses()
        .that()
        .resideInAPackage("..schedule.domain..")
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
        .resideInAPackage("..schedule.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..schedule.api..",
            "..schedule.incoming..",
            "..schedule.application..",
            "..schedule.persistence..",
            "..schedule.outbox..",
            "..schedule.publishing..",
            "..schedule.config..",
            "..schedule.metrics..",
            "..schedule.tracing..")
        .check(CLASSES);
  }

  /**
   * The shared event edge (CloudEvents written to Kafka, the outbox relay's round) belongs to the
   * publishing adapter alone.
   */
  @Test
  void onlyTheOutgoingEventsUseTheEventEdge() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.followup.schedule.publishing..")
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
        .resideOutsideOfPackage("dev.followup.schedule.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.followup.rest..")
        .check(CLASSES);
  }
}

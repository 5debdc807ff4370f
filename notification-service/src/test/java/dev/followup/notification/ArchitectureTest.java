package dev.followup.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data flows one way through the service: entry points (Kafka consumers, REST resources) on top,
 * then the application services that own the transactions, then the outgoing adapters (database,
 * delivery channels) and the domain. Nothing below reaches up.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.followup.notification";
  private static final String[] ENTRY = {ROOT + ".incoming..", ROOT + ".api.."};
  private static final String APPLICATION = ROOT + ".application..";
  private static final String[] OUTGOING = {
    ROOT + ".persistence..", ROOT + ".delivery..", ROOT + ".outbox.."
  };
  private static final String DOMAIN = ROOT + ".domain..";

  private static JavaClasses service;

  @BeforeAll
  static void importService() {
    service =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void nothingReachesIntoTheEntryPoints() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ENTRY)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ENTRY)
        .check(service);
  }

  @Test
  void onlyEntryPointsUseTheApplicationServices() {
    classes()
        .that()
        .resideInAPackage(APPLICATION)
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(concat(ENTRY, APPLICATION))
        .check(service);
  }

  @Test
  void outgoingAdaptersDoNotReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage(OUTGOING)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(ENTRY, APPLICATION))
        .check(service);
  }

  @Test
  void theDomainIsPlainJava() {
    classes()
        .that()
        .resideInAPackage(DOMAIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(DOMAIN, "java..")
        .check(service);
  }

  /**
   * The shared event edge (CloudEvents written to Kafka, the outbox relay's round) belongs to the
   * outbox relay alone.
   */
  @Test
  void onlyTheOutgoingEventsUseTheEventEdge() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.followup.notification.outbox..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.followup.events..")
        .check(service);
  }

  /** The shared REST edge (problem details, body checks) belongs to the REST API alone. */
  @Test
  void onlyTheRestApiUsesTheRestEdge() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.followup.notification.api..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.followup.rest..")
        .check(service);
  }

  private static String[] concat(String[] packages, String more) {
    String[] all = Arrays.copyOf(packages, packages.length + 1);
    all[packages.length] = more;
    return all;
  }
}

package io.parley.zk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * zk-engine is a pure protocol core (ADR 0001, ADR 0028): no sockets, threads or clocks anywhere in
 * it; the committee's I/O lives in the mpc-node module. The POM bans Netty from the classpath too.
 */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parley.zk");

  @Test
  void theEngineDoesNoIo() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "java.net..", "java.nio.channels..", "io.parley.mpc..")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(Thread.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.concurrent..")
        .because("sessions are sans-I/O state machines; drivers own sockets and threads")
        .check(CLASSES);
  }

  @Test
  void theEngineReadsNoClock() {
    noClasses()
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(Clock.class)
        .orShould()
        .callMethod(Instant.class, "now")
        .because("time reaches a session only as a timeout event from its driver")
        .check(CLASSES);
  }

  @Test
  void circuitIrStandsAloneSoTheContractsLayerCanTakeIt() {
    classes()
        .that()
        .resideInAPackage("io.parley.zk.circuit..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.parley.zk.circuit..", "java..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }
}

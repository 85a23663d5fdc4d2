package io.parley.zk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Protocol cores hold no sockets, threads or Netty: I/O stays in io.parley.zk.network. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parley.zk");

  @Test
  void protocolCoresDoNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.parley.zk.field..",
            "io.parley.zk.sharing..",
            "io.parley.zk.protocol..",
            "io.parley.zk.messages..",
            "io.parley.zk.evidence..",
            "io.parley.zk.online..",
            "io.parley.zk.preprocessing..",
            "io.parley.zk.circuit..",
            "io.parley.zk.interpreter..",
            "io.parley.zk.engine..",
            "io.parley.zk.rep4..",
            "io.parley.zk.prss..",
            "io.parley.zk.king..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..", "java.net..", "java.nio.channels..", "io.parley.zk.network..")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(Thread.class)
        .check(CLASSES);
  }

  @Test
  void circuitIrStandsAloneSoTheContractsLayerCanTakeIt() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
        .that()
        .resideInAPackage("io.parley.zk.circuit..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("io.parley.zk.circuit..", "java..", "com.fasterxml.jackson..")
        .check(CLASSES);
  }
}

package io.parley.consensus.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The consensus core is a pure state machine: no network, storage, threads or clock. Time and I/O
 * reach it only as events, and leave it only as actions the node performs.
 */
class PureCoreArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parley.consensus");

  @Test
  void coreUsesNoNetworkStorageOrThreads() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..",
            "org.rocksdb..",
            "java.net..",
            "java.nio.channels..",
            "java.util.concurrent..")
        .because("the consensus core is sans-I/O (docs/adr/0010-consensus-protocol-tendermint.md)")
        .check(CORE);
  }

  @Test
  void coreNeitherStartsThreadsNorReadsTheClock() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .because("time reaches the core only as TimeoutExpired events")
        .check(CORE);
  }

  @Test
  void coreDependsOnNoHigherModule() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.parley.node..", "io.parley.genesis..", "io.parley.contracts..", "io.parley.zk..")
        .check(CORE);
  }
}

package io.parley.sdk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The SDK is a client library (ADR 0001): it talks to a node over JSON-RPC only and never reaches
 * the node's, consensus's or the MPC member's code, storage or server side. The POM bans those
 * modules from its classpath too; these rules keep the packages honest.
 */
class SdkLayerTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.parley.sdk");

  @Test
  void theSdkUsesNoServerSideCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.parley.node..",
            "io.parley.consensus..",
            "io.parley.mpc..",
            "io.netty..",
            "org.rocksdb..")
        .because("wallets and applications embed the SDK without a node; it speaks JSON-RPC only")
        .check(CLASSES);
  }

  @Test
  void mainCodeHasNoPackageCycles() {
    slices()
        .matching("io.parley.(sdk..)")
        .should()
        .beFreeOfCycles()
        .because("a package that both calls and is called back by its neighbour is a cycle")
        .check(CLASSES);
  }
}

package io.parley.mpc.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No two packages of this module depend on each other, directly or through others (the rule is
 * shown to catch a cycle in base's PackageCyclesTest).
 */
class PackageCyclesTest {

  @Test
  void mainCodeHasNoPackageCycles() {
    slices()
        .matching("io.parley.(mpc..)")
        .should()
        .beFreeOfCycles()
        .because("a package that both calls and is called back by its neighbour is a cycle")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.mpc"));
  }
}

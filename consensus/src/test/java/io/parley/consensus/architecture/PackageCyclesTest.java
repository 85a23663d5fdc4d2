package io.parley.consensus.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** No two packages of this module depend on each other, directly or through others. */
class PackageCyclesTest {

  @Test
  void mainCodeHasNoPackageCycles() {
    packagesFreeOfCycles("consensus")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.consensus"));
  }

  /** One slice per package of io.parley.{module}, the module's root package included. */
  static ArchRule packagesFreeOfCycles(String module) {
    return slices()
        .matching("io.parley.(" + module + "..)")
        .should()
        .beFreeOfCycles()
        .because("a package that both calls and is called back by its neighbour is a cycle");
  }
}

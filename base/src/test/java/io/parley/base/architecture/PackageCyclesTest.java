package io.parley.base.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** No two packages of this module depend on each other, directly or through others. */
class PackageCyclesTest {

  @Test
  void mainCodeHasNoPackageCycles() {
    packagesFreeOfCycles("base")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.base"));
  }

  /** The fixture is a package and its subpackage, the shape of the old node <-> node.consensus. */
  @Test
  void ruleFailsWhenAPackageAndItsSubpackageImportEachOther() {
    JavaClasses fixture = new ClassFileImporter().importPackages("io.parley.base.cyclefixture");

    assertThat(fixture).hasSize(2);
    assertThatThrownBy(() -> packagesFreeOfCycles("base").check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected: Slice base.cyclefixture -> ")
        .hasMessageContaining("Slice base.cyclefixture.inner -> ");
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

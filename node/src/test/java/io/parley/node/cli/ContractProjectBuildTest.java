package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project made by {@code parley contract new} builds and passes its own tests as generated: Maven
 * runs offline on it, against the {@code parley-contracts} artifact {@code ./mvnw install} put in
 * the local repository (CI runs {@code ./mvnw -B install}, which installs contracts before node's
 * tests run).
 */
class ContractProjectBuildTest {
  @TempDir Path dir;

  @Test
  void generatedProjectPassesItsTestsOfflineAsGenerated() throws Exception {
    Path project = ContractNew.create(dir, "Counter", "counter");
    Path log = dir.resolve("maven.log");
    assumeMavenRuns(log);
    assertContractsInstalled();

    int code = maven(log, "-o", "-q", "-B", "-f", project.resolve("pom.xml").toString(), "test");

    assertThat(code)
        .as("mvnw -o test on the generated project:\n%s", Files.readString(log))
        .isZero();
    Path report = project.resolve("target/surefire-reports/TEST-counter.CounterTest.xml");
    assertThat(report).exists();
    assertThat(Files.readString(report))
        .contains("tests=\"3\"")
        .contains("failures=\"0\"")
        .contains("errors=\"0\"")
        .contains("skipped=\"0\"")
        .contains("name=\"refusesToGoPastTheCapAndChangesNothing\"");
  }

  /** Skips, saying why, when Maven itself cannot start here; never in CI. */
  private static void assumeMavenRuns(Path log) throws Exception {
    int code = maven(log, "-o", "-B", "--version");
    if (code != 0) {
      String why =
          "Maven cannot run here (mvnw --version exited " + code + "):\n" + Files.readString(log);
      if (inCi()) {
        throw new AssertionError("in CI the generated project must be built; " + why);
      }
      Assumptions.abort("generated project's build not checked: " + why);
    }
  }

  /** The generated pom needs parley-contracts at this version in the local repository. */
  private static void assertContractsInstalled() {
    String version = RepositoryBuild.projectVersion();
    Path repository =
        Path.of(localRepository().orElse(System.getProperty("user.home") + "/.m2/repository"));
    Path jar =
        repository.resolve(
            "io/parley/parley-contracts/" + version + "/parley-contracts-" + version + ".jar");
    assertThat(jar)
        .as(
            "io.parley:parley-contracts:%s is not in %s: run ./mvnw install (the README's test"
                + " command and .ci/run do)",
            version, repository)
        .exists();
  }

  private static Optional<String> localRepository() {
    String value = System.getProperty("parley.maven.localRepository", "");
    return value.isBlank() || value.startsWith("${") ? Optional.empty() : Optional.of(value);
  }

  private static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  /** Runs this repository's wrapper with the test JVM's JDK; output to {@code log}. */
  private static int maven(Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(RepositoryBuild.root().resolve("mvnw").toString());
    localRepository().ifPresent(r -> command.add("-Dmaven.repo.local=" + r));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(RepositoryBuild.root().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("mvnw " + String.join(" ", args) + " did not finish in 10 minutes");
    }
    return process.exitValue();
  }
}

package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley contract new}: the files it writes and the names it refuses. */
class ContractNewTest {
  @TempDir Path dir;

  record Result(int code, String output) {}

  private static Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      return new Result(ParleyCommand.execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void writesAProjectWhosePomPinsThisBuildsVersions() throws Exception {
    Result created = run("contract", "new", "Counter", "--dir", dir.toString());

    assertThat(created.code()).as(created.output()).isZero();
    Path project = dir.resolve("Counter");
    assertThat(project.resolve("src/main/parley/Counter.par")).exists();
    assertThat(project.resolve("src/test/java/counter/CounterTest.java")).exists();
    assertThat(project.resolve("README.md")).exists();
    String pom = Files.readString(project.resolve("pom.xml"));
    assertThat(pom)
        .contains("<artifactId>parley-contracts</artifactId>")
        .contains("<parley.version>" + RepositoryBuild.projectVersion() + "</parley.version>")
        .contains(
            "<junit.version>"
                + RepositoryBuild.parentProperty("junit.version")
                + "</junit.version>")
        .contains(
            "<artifactId>maven-surefire-plugin</artifactId>\n        <version>"
                + RepositoryBuild.parentProperty("maven-surefire-plugin.version")
                + "</version>")
        .contains(
            "<artifactId>maven-compiler-plugin</artifactId><version>"
                + RepositoryBuild.parentProperty("maven-compiler-plugin.version")
                + "</version>")
        .doesNotContain("{{")
        .doesNotContain("${project.version}");
    assertThat(Files.readString(project.resolve("src/main/parley/Counter.par")))
        .contains("contract Counter {");
    assertThat(created.output()).contains("created contract project " + project);
  }

  @Test
  void theContractItWritesCompiles() {
    run("contract", "new", "Tally", "--dir", dir.toString());

    Result compiled =
        run(
            "contract",
            "compile",
            dir.resolve("Tally/src/main/parley/Tally.par").toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(compiled.code()).as(compiled.output()).isZero();
    assertThat(dir.resolve("out/Tally.pbundle")).exists();
  }

  @Test
  void refusesAnExistingDirectoryAndLeavesItAlone() throws Exception {
    Files.createDirectories(dir.resolve("Counter"));
    Files.writeString(dir.resolve("Counter/notes.txt"), "mine");

    Result refused = run("contract", "new", "Counter", "--dir", dir.toString());

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.output())
        .contains(
            "error: directory "
                + dir.resolve("Counter").toAbsolutePath()
                + " already exists; choose another NAME or --dir");
    assertThat(Files.readString(dir.resolve("Counter/notes.txt"))).isEqualTo("mine");
    assertThat(dir.resolve("Counter/pom.xml")).doesNotExist();
  }

  @Test
  void refusesNamesThatAreNotJavaAndParleyIdentifiers() {
    assertThat(run("contract", "new", "my-token", "--dir", dir.toString()).output())
        .contains(
            "contract name 'my-token' is not valid: it must be a letter followed by ASCII letters,"
                + " digits or '_'");
    assertThat(run("contract", "new", "9lives", "--dir", dir.toString()).output())
        .contains("contract name '9lives' is not valid");
    assertThat(run("contract", "new", "class", "--dir", dir.toString()).output())
        .contains("contract name 'class' is not valid: it is a Java keyword");
    assertThat(run("contract", "new", "reveal", "--dir", dir.toString()).output())
        .contains("contract name 'reveal' is not valid: it is a keyword of the Parley language");
    assertThat(run("contract", "new", "A".repeat(65), "--dir", dir.toString()).output())
        .contains("is not valid: it is 65 characters long, at most 64");
    assertThat(run("contract", "new", "Int", "--dir", dir.toString()).output())
        .contains("'int' is not a valid Java package name; pass one with --package");
    assertThat(dir).isEmptyDirectory();
    assertThat(run("contract", "new", "Int", "--package", "org.acme", "--dir", dir.toString()))
        .extracting(Result::code)
        .isEqualTo(0);
    assertThat(dir.resolve("Int/src/test/java/org/acme/IntTest.java")).exists();
  }
}

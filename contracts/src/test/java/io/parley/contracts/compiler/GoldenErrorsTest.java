package io.parley.contracts.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden compile errors: every file in src/test/resources/golden must fail to compile with the
 * first error recorded in expected.txt as {@code name: line:column: message}.
 */
class GoldenErrorsTest {
  static final Path DIR = Path.of("src/test/resources/golden");

  @TestFactory
  Stream<DynamicTest> eachGoldenSourceFailsWithItsRecordedError() throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DIR.resolve("expected.txt"))) {
      if (!line.isBlank()) {
        int colon = line.indexOf(": ");
        expected.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    List<Path> sources;
    try (Stream<Path> files = Files.list(DIR)) {
      sources = files.filter(p -> p.toString().endsWith(".par")).sorted().toList();
    }
    assertThat(sources).hasSize(expected.size());
    return sources.stream()
        .map(
            p ->
                DynamicTest.dynamicTest(
                    p.getFileName().toString(),
                    () -> {
                      String name = p.getFileName().toString().replace(".par", "");
                      String actual = firstError(p);
                      assertThat(actual).as(name).isEqualTo(expected.get(name));
                    }));
  }

  static String firstError(Path p) throws IOException {
    String text = Files.readString(p, StandardCharsets.UTF_8);
    try {
      ContractCompiler.compile(new SourceFile(p.getFileName().toString(), text));
    } catch (CompileException e) {
      CompileError error = e.errors().get(0);
      assertThat(error.format()).contains("\n  ").endsWith("^");
      return error.line() + ":" + error.column() + ": " + error.message();
    }
    return fail("compiled without error: " + p);
  }
}

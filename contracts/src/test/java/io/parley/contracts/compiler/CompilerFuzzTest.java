package io.parley.contracts.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the examples and golden sources: the compiler must either compile (and
 * then the runtime must accept the module) or report positioned errors, never crash.
 */
class CompilerFuzzTest {
  static final String[] FRAGMENTS = {
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    ":",
    "=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "<",
    ">",
    "<<",
    ">>",
    "==",
    "!",
    "&&",
    "||",
    "..",
    "->",
    ".",
    "0",
    "1",
    "255",
    "300",
    "-1",
    "0x01",
    "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf",
    "\"s\"",
    "true",
    "let x: u8 = 1;",
    "return;",
    "secret",
    "u8",
    "u64",
    "u256",
    "i32",
    "bool",
    "address",
    "bytes",
    "map<u8,u8>",
    "if",
    "else",
    "while",
    "for",
    "in",
    "reveal",
    "reveal(",
    "reveal_to(",
    "emit",
    "require(",
    "abort(\"x\");",
    "caller()",
    "value()",
    "as u8",
    "as u256",
    "xs[0]",
    "fn",
    "view",
    "action",
    "state",
    "confidential",
    "init",
    "struct",
    "event",
    "const",
    "contract",
    "\n",
    " ",
    "//",
    "\"",
    "\\",
    "x",
    "balances",
    "amount",
    "sum",
    "total",
    "i",
    "@",
    "\u00e9"
  };

  @Test
  void mutatedSourcesNeverCrashTheCompiler() throws IOException {
    fuzz(0x5EED_C0DEL, 2_500);
  }

  @Test
  @org.junit.jupiter.api.Tag("long")
  void manyMoreMutationsNeverCrashTheCompiler() throws IOException {
    for (long seed = 1; seed <= 20; seed++) {
      fuzz(seed, 5_000, true);
    }
  }

  static void fuzz(long seed, int rounds) throws IOException {
    fuzz(seed, rounds, false);
  }

  static void fuzz(long seed, int rounds, boolean large) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> corpus = corpus(large);
    ContractRuntime runtime = new ContractRuntime();
    int compiled = 0;
    for (int round = 0; round < rounds; round++) {
      String base = corpus.get(random.nextInt(corpus.size()));
      String mutated = mutate(base, random);
      String context = "seed " + seed + " round " + round + "\n" + mutated;
      try {
        CompiledContract c = ContractCompiler.compile(new SourceFile("fuzz.par", mutated));
        compiled++;
        try {
          runtime.load(c.bundle().encode());
        } catch (DeployException e) {
          throw new AssertionError(
              "compiled module refused: " + e.getMessage() + "\n" + context, e);
        }
      } catch (CompileException e) {
        assertThat(e.errors()).as(context).isNotEmpty();
        for (CompileError error : e.errors()) {
          assertThat(error.message()).as(context).doesNotStartWith("internal compiler error");
          assertThat(error.line()).as(context).isPositive();
          assertThat(error.column()).as(context).isPositive();
        }
      }
    }
    assertThat(compiled).as("some mutants still compile").isPositive();
  }

  static final String[] NUMBERS = {
    "0", "1", "2", "7", "255", "256", "65535", "4294967296", "18446744073709551616"
  };
  static final String[] ARITHMETIC = {"+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"};
  static final String[] COMPARE = {"<", "<=", ">", ">=", "==", "!="};
  static final String[] TYPES = {
    "u8", "u16", "u32", "u64", "u128", "u256", "i8", "i32", "i64", "i256", "bool", "address"
  };

  /** Token-level mutations that keep the syntax valid more often, to reach the back ends. */
  @Test
  void tokenMutationsOfValidProgramsCompileToModulesTheRuntimeAccepts() throws IOException {
    long seed = 0xB0B;
    SplittableRandom random = new SplittableRandom(seed);
    List<String> corpus = new ArrayList<>();
    for (Path dir : List.of(Path.of("examples"), Path.of("src/test/resources/programs"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".par")).sorted().toList()) {
          if (!LARGE.contains(p.getFileName().toString())) {
            corpus.add(Files.readString(p));
          }
        }
      }
    }
    ContractRuntime runtime = new ContractRuntime();
    int compiled = 0;
    int rounds = 1_500;
    for (int round = 0; round < rounds; round++) {
      String mutated = corpus.get(random.nextInt(corpus.size()));
      for (int e = 0; e < 1 + random.nextInt(2); e++) {
        mutated = tokenMutation(mutated, random);
      }
      String context = "seed " + seed + " round " + round + "\n" + mutated;
      try {
        CompiledContract c = ContractCompiler.compile(new SourceFile("fuzz.par", mutated));
        compiled++;
        try {
          runtime.load(c.bundle().encode());
        } catch (DeployException e) {
          throw new AssertionError(
              "compiled module refused: " + e.getMessage() + "\n" + context, e);
        }
      } catch (CompileException e) {
        for (CompileError error : e.errors()) {
          assertThat(error.message()).as(context).doesNotStartWith("internal compiler error");
        }
      }
    }
    assertThat(compiled).as("a good share of token mutants compile").isGreaterThan(rounds / 5);
  }

  static String tokenMutation(String source, SplittableRandom random) {
    String[][] classes = {NUMBERS, ARITHMETIC, COMPARE, TYPES};
    String[] group = classes[random.nextInt(classes.length)];
    List<int[]> hits = new ArrayList<>();
    for (String token : group) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  Character.isLetterOrDigit(token.charAt(0))
                      ? "\\b" + java.util.regex.Pattern.quote(token) + "\\b"
                      : "(?<![<>=!&|+*/%^-])"
                          + java.util.regex.Pattern.quote(token)
                          + "(?![<>=&|])")
              .matcher(source);
      while (m.find()) {
        hits.add(new int[] {m.start(), m.end()});
      }
    }
    if (hits.isEmpty()) {
      return source;
    }
    int[] hit = hits.get(random.nextInt(hits.size()));
    return source.substring(0, hit[0])
        + group[random.nextInt(group.length)]
        + source.substring(hit[1]);
  }

  /**
   * Examples whose circuits are large (a mutation that still compiles costs seconds): they add no
   * parser or checker coverage the small ones lack, and are fuzzed by the long-tagged test only.
   */
  static final java.util.Set<String> LARGE =
      java.util.Set.of("ThreatIntel.par", "BankFraud.par", "PayGap.par", "SecretBallot.par");

  static List<String> corpus() throws IOException {
    return corpus(false);
  }

  static List<String> corpus(boolean large) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path dir : List.of(Path.of("examples"), Path.of("src/test/resources/golden"))) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.toString().endsWith(".par")).sorted().toList()) {
          if (large || !LARGE.contains(p.getFileName().toString())) {
            out.add(Files.readString(p));
          }
        }
      }
    }
    return out;
  }

  static String mutate(String source, SplittableRandom random) {
    StringBuilder s = new StringBuilder(source);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 2 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(40));
          s.delete(at, end);
        }
        case 3 -> {
          int end = Math.min(s.length(), at + 1 + random.nextInt(30));
          String piece = s.substring(at, end);
          s.insert(random.nextInt(s.length()), piece);
        }
        default -> s.setCharAt(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)].charAt(0));
      }
    }
    return s.toString();
  }
}

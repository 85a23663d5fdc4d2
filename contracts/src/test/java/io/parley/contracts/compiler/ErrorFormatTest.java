package io.parley.contracts.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import org.junit.jupiter.api.Test;

class ErrorFormatTest {
  static CompileException compileFails(String text) {
    return catchThrowableOfType(
        CompileException.class, () -> ContractCompiler.compile(new SourceFile("t.par", text)));
  }

  @Test
  void errorsShowFileLineColumnSourceLineAndCaret() {
    CompileException e =
        compileFails("contract C {\n  action f() {\n    let x: u8 = true;\n  }\n}\n");
    assertThat(e.errors().get(0).format())
        .isEqualTo(
            "t.par:3:17: error: expected u8, found bool\n"
                + "      let x: u8 = true;\n"
                + "                  ^");
  }

  @Test
  void oneErrorPerFunctionIsReportedInSourceOrder() {
    CompileException e =
        compileFails(
            "contract C {\n  action f() { let a: u8 = x; }\n  action g() { let b: bool = 1; }\n}\n");
    assertThat(e.errors())
        .extracting(err -> err.line() + ":" + err.column())
        .containsExactly("2:28", "3:30");
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "(".repeat(5_000) + "1" + ")".repeat(5_000);
    CompileException e = compileFails("contract C { view v() -> u8 { return " + deep + "; } }");
    assertThat(e.errors().get(0).message()).isEqualTo("nesting deeper than 64 levels");
  }

  @Test
  void emptyAndBinaryInputsAreErrors() {
    assertThat(compileFails("").errors().get(0).message())
        .isEqualTo("expected 'contract', found 'end of file'");
    assertThat(compileFails("\u0000\u0001").errors().get(0).message())
        .startsWith("unexpected character");
  }
}

package io.parley.zk.circuit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {
  private static final String INPUTS =
      "[{\"name\":\"x\",\"kind\":\"secret\",\"type\":\"u64\"},"
          + "{\"name\":\"y\",\"kind\":\"secret\",\"type\":\"u64\"},"
          + "{\"name\":\"f\",\"kind\":\"secret\",\"type\":\"bool\"}]";

  static String doc(String gates, String outputs) {
    return "{\"format\":\"parley-circuit/1\",\"name\":\"t\",\"inputs\":"
        + INPUTS
        + ",\"gates\":["
        + gates
        + "],\"outputs\":["
        + outputs
        + "]}";
  }

  static void rejects(String json, String code, String fragment) {
    assertThatThrownBy(
            () ->
                CircuitValidator.validate(
                    CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(CircuitException.class)
        .hasMessageStartingWith(code + ":")
        .hasMessageContaining(fragment);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"op\":\"mul\",\"in\":[0,44]}|E_WIRE_UNDEFINED|gate 0 (mul): operand 44 is not defined",
        "{\"op\":\"and\",\"in\":[0,2]}|E_NOT_BOOL|gate 0 (and)",
        "{\"op\":\"mul\",\"in\":[0]}|E_ARITY|needs 2 operands",
        "{\"op\":\"frob\",\"in\":[0]}|E_FORMAT|unknown op",
        "{\"op\":\"add\",\"in\":[0,1],\"c\":\"3\"}|E_FORMAT|unexpected field 'c'",
        "{\"op\":\"addc\",\"in\":[0],\"c\":\"0x10\"}|E_CONST|decimal string",
        "{\"op\":\"mul\",\"in\":[0,1]}|E_RANGE|gate 0 (mul): result needs 129 bits, limit 125",
        "{\"op\":\"mulc\",\"in\":[0],\"c\":\"1048576\"},{\"op\":\"lt\",\"in\":[3,0]}|E_COMPARE_RANGE|gate 1 (lt)",
        "{\"op\":\"divc\",\"in\":[0],\"c\":\"3\"}|E_DIV_RANGE|gate 0 (divc)",
        "{\"op\":\"divc\",\"in\":[0],\"c\":\"0\"}|E_CONST|divisor",
        "{\"op\":\"add\",\"in\":[0,1],\"id\":4}|E_ID|gate 0 (add): id 4",
        "{\"op\":\"bits\",\"in\":[0],\"width\":65}|E_FORMAT|width",
      })
  void reportsTheFirstViolationWithItsCode(String gates, String code, String fragment) {
    rejects(doc(gates, ""), code, fragment);
  }

  @org.junit.jupiter.api.Test
  void rejectsOutputsThatMayExceedTheirType() {
    rejects(
        doc(
            "{\"op\":\"add\",\"in\":[0,1]}",
            "{\"name\":\"o\",\"wire\":3,\"type\":\"u64\",\"to\":\"public\"}"),
        "E_OUTPUT_RANGE",
        "use wrap");
  }

  @org.junit.jupiter.api.Test
  void recipientsAreDeclaredOnceAndNamedOnlyByAddressOutputs() {
    String out = "{\"name\":\"o\",\"wire\":0,\"type\":\"u64\",\"to\":\"address\",";
    String withRecipients = ",\"recipients\":[{\"name\":\"owner\"}]}";
    String good = doc("", out + "\"recipient\":\"owner\"}");
    CircuitValidator.validate(
        CircuitParser.parse(
            (good.substring(0, good.length() - 1) + withRecipients)
                .getBytes(StandardCharsets.UTF_8)));
    String unknown = doc("", out + "\"recipient\":\"nobody\"}");
    rejects(
        unknown.substring(0, unknown.length() - 1) + withRecipients,
        "E_NAME",
        "unknown recipient 'nobody'");
    String both =
        doc("", out + "\"recipient\":\"owner\",\"address\":\"0x" + "00".repeat(20) + "\"}");
    rejects(both.substring(0, both.length() - 1) + withRecipients, "E_FORMAT", "exactly one of");
    String twice = doc("", out + "\"recipient\":\"owner\"}");
    rejects(
        twice.substring(0, twice.length() - 1)
            + ",\"recipients\":[{\"name\":\"owner\"},{\"name\":\"owner\"}]}",
        "E_NAME",
        "duplicate recipient");
  }

  @org.junit.jupiter.api.Test
  void rejectsMalformedDocuments() {
    rejects("{", "E_JSON", "");
    rejects("{\"format\":\"parley-circuit/2\"}", "E_FORMAT", "");
    rejects(doc("", "").replace("\"u64\"", "\"u65\""), "E_TYPE", "u65");
    rejects(doc("", "").replace("\"name\":\"y\"", "\"name\":\"x\""), "E_NAME", "duplicate");
    rejects(
        doc("", "").replace("\"name\":\"t\"", "\"name\":\"t\",\"extra\":1"), "E_FORMAT", "extra");
  }
}

package io.parley.contracts.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Protocol;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.field.FieldElement;
import io.parley.zk.local.LocalCommittee;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * What a collection's {@code where} proves narrows the circuit inputs (language.md section 12.1):
 * upper bounds of unsigned fields in the top-level conjunction, nothing else.
 */
class ProvenRangesTest {
  static final String SOURCE =
      """
      contract Ranges {
        const LIMIT: u64 = 0x1000000000000000;
        state out: u64;
        secret inputs hashes[4]: u64 where value >= 1 && value < LIMIT;
        secret inputs pairs[4]: (id: u64, score: u16) where id != 0 && 1000 >= score;
        secret inputs either[4]: u32 where value < 10 || value > 20;
        secret inputs signed[4]: i32 where value < 5;
        secret inputs tight[4]: u32 where value <= 300 && value < 70000;
        secret inputs free[4]: u16;
        secret inputs gifts[4]: u64;
        secret inputs flags[4]: (on: bool, count: u8) where count < 200;
        action go() { start f(); }
        confidential f() -> u64 {
          let s: secret u64 = 0;
          for i in 0..4 {
            if hashes[i] < LIMIT / 2 && pairs[i].score < 500 && either[i] > 0 {
              s += 1;
            }
            if signed[i] < 0 || tight[i] > 100 || free[i] > 7 || pairs[i].id == 9 {
              s += 1;
            }
          }
          return reveal(s);
        }
        on result f(v: u64) { out = v; }
        view total() -> u64 { return out; }
      }
      """;

  @Test
  void boundsFromTheTopLevelConjunctionNarrowUnsignedFieldsOnly() throws Exception {
    String json = compiled().circuits().get("f");
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode in : new ObjectMapper().readTree(json).get("inputs")) {
      if (in.get("kind").asText().equals("collection")) {
        types.put(in.get("name").asText(), in.get("type").asText());
      }
    }
    assertThat(types)
        .containsEntry("hashes", "u60[4]") // value < 2^60
        .containsEntry("pairs__id", "u64[4]") // != narrows nothing
        .containsEntry("pairs__score", "u10[4]") // 1000 >= score
        .containsEntry("either", "u32[4]") // || narrows nothing
        .containsEntry("signed", "i32[4]") // signed fields stay
        .containsEntry("tight", "u9[4]") // the smaller of two bounds: 300
        .containsEntry("free", "u16[4]"); // no where
  }

  /** The narrowed circuit computes what the plain contract says, on rep4 at 4 members. */
  @Test
  void theNarrowedCircuitRunsOnTheCommittee() {
    ContractTestKit kit = new ContractTestKit().useCommittee(4);
    Address owner = kit.account("owner");
    DeployedContract c = kit.deploy(compiled(), owner);
    long[] hashes = {1, (1L << 60) - 1, 1L << 58, (1L << 59) + 3};
    int expected = 0;
    for (int i = 0; i < 4; i++) {
      Address a = kit.account("p" + i);
      BigInteger h = BigInteger.valueOf(hashes[i]);
      assertThat(c.submit(a, "hashes", h).accepted()).isTrue();
      assertThat(c.submit(a, "pairs", pair(9 + i, 400 + 200 * i)).accepted()).isTrue();
      assertThat(c.submit(a, "either", BigInteger.valueOf(i == 2 ? 0 : 25)).accepted()).isTrue();
      assertThat(c.submit(a, "signed", BigInteger.valueOf(i - 2)).accepted()).isTrue();
      assertThat(c.submit(a, "tight", BigInteger.valueOf(100 * i)).accepted()).isTrue();
      assertThat(c.submit(a, "free", BigInteger.valueOf(5 + i)).accepted()).isTrue();
      boolean first = hashes[i] < (1L << 59) && 400 + 200 * i < 500 && i != 2;
      boolean second = i - 2 < 0 || 100 * i > 100 || 5 + i > 7 || 9 + i == 9;
      expected += (first ? 1 : 0) + (second ? 1 : 0);
    }
    // bounds are enforced at arrival: a hash of 2^60 and a score of 1001 are rejected
    assertThat(c.submit(kit.account("x"), "hashes", BigInteger.ONE.shiftLeft(60)).accepted())
        .isFalse();
    assertThat(c.submit(kit.account("y"), "pairs", pair(1, 1001)).accepted()).isFalse();
    assertThat(c.call(owner, "go").success()).isTrue();
    assertThat(c.query("total")).isEqualTo(BigInteger.valueOf(expected));
  }

  private static CompiledContract compiled() {
    try {
      return ContractCompiler.compile(new SourceFile("Ranges.par", SOURCE));
    } catch (CompileException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static Map<String, Object> pair(long id, long score) {
    return Map.of("id", BigInteger.valueOf(id), "score", BigInteger.valueOf(score));
  }

  /**
   * A wallet can deal any ring word for a field (rep4) or any field element (Shamir): the validity
   * circuit reads each field as a 64-bit word and checks it lies in the field's type before the
   * predicate (secret-inputs.md section 6 (b)), so a u16 score of 2^16 + 5 (which would pass `score
   * <= 1000` once wrapped to 5), a u32 of 2^32 + 25, an i32 below -2^31 or a bool of 2 is rejected,
   * and each in-range value is judged by the predicate alone. On 4 members (rep4) and 7 (Shamir),
   * where a field element of 2^64 or more is rejected too.
   */
  @Test
  void theValidityCheckRejectsWordsOutsideTheFieldsType() throws Exception {
    CompiledContract c = compiled();
    // every collection is checked on arrival, one of 64-bit words without where too
    assertThat(c.circuits()).containsKey("valid__gifts").containsKey("valid__free");

    for (int members : new int[] {4, 7}) {
      LocalCommittee committee = new LocalCommittee(members);
      BigInteger two16 = BigInteger.ONE.shiftLeft(16);
      BigInteger two32 = BigInteger.ONE.shiftLeft(32);
      BigInteger two31 = BigInteger.ONE.shiftLeft(31);
      BigInteger two64 = BigInteger.ONE.shiftLeft(64);
      assertThat(valid(committee, c, "pairs", Map.of("id", big(9), "score", big(1000)))).isTrue();
      assertThat(valid(committee, c, "pairs", Map.of("id", big(9), "score", two16.add(big(5)))))
          .isFalse();
      assertThat(valid(committee, c, "pairs", Map.of("id", big(9), "score", big(1001)))).isFalse();
      assertThat(valid(committee, c, "either", Map.of("value", big(25)))).isTrue();
      assertThat(valid(committee, c, "either", Map.of("value", two32.add(big(25))))).isFalse();
      assertThat(valid(committee, c, "signed", Map.of("value", two31.negate()))).isTrue();
      assertThat(valid(committee, c, "signed", Map.of("value", two31.negate().subtract(big(1)))))
          .isFalse();
      assertThat(valid(committee, c, "flags", Map.of("on", big(1), "count", big(3)))).isTrue();
      assertThat(valid(committee, c, "flags", Map.of("on", big(2), "count", big(3)))).isFalse();
      // a collection without where is checked when a field is narrower than the word
      assertThat(valid(committee, c, "free", Map.of("value", big(65_535)))).isTrue();
      assertThat(valid(committee, c, "free", Map.of("value", two16))).isFalse();
      assertThat(valid(committee, c, "gifts", Map.of("value", two64.subtract(big(1))))).isTrue();
      assertThat(valid(committee, c, "signed", Map.of("value", big(-7)))).isTrue();
      if (members == 7) {
        // Shamir: a field element of 2^64 or more is no 64-bit word; the engine's exact range
        // check rejects it before the circuit, where a cast would have wrapped it (2^65 + 5 to 5)
        BigInteger p = FieldElement.MODULUS;
        assertThat(valid(committee, c, "free", Map.of("value", two64.shiftLeft(1).add(big(5)))))
            .isFalse();
        assertThat(valid(committee, c, "gifts", Map.of("value", two64))).isFalse();
        assertThat(valid(committee, c, "gifts", Map.of("value", p.subtract(big(1))))).isFalse();
        assertThat(valid(committee, c, "signed", Map.of("value", p.subtract(two64)))).isFalse();
        assertThat(valid(committee, c, "hashes", Map.of("value", two64.add(big(9))))).isFalse();
      }
    }
  }

  /** Runs collection {@code name}'s validity circuit on the fields dealt as a wallet deals them. */
  private static boolean valid(
      LocalCommittee committee, CompiledContract c, String name, Map<String, BigInteger> fields)
      throws Exception {
    ValidatedCircuit circuit =
        CircuitValidator.validate(
            CircuitParser.parse(
                c.circuits().get("valid__" + name).getBytes(StandardCharsets.UTF_8)));
    Protocol protocol = committee.protocolFor(List.of(circuit));
    Map<String, LocalCommittee.SharedValues> dealt = new LinkedHashMap<>();
    fields.forEach((field, v) -> dealt.put(field, committee.deal(protocol, new BigInteger[] {v})));
    try {
      LocalCommittee.Run run =
          committee.runDealt(
              protocol, Bytes32.random(), circuit, dealt, Map.of(), Map.of(), Map.of());
      return run.publicOutputs().values().iterator().next()[0].signum() != 0;
    } catch (LocalCommittee.AbortException e) {
      // the input rejected before the circuit ran: out of its word (Shamir)
      assertThat(e.accusation()).isInstanceOf(Accusation.InputOutOfRange.class);
      return false;
    }
  }

  private static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}

package io.parley.contracts.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every public construct of the language, compiled to WebAssembly and run on the runtime. */
class LanguageFeaturesTest {
  static ContractTestKit kit;
  static DeployedContract c;
  static Address me;

  @BeforeAll
  static void deploy() {
    kit = new ContractTestKit();
    me = kit.account("me");
    c = kit.deploy(Path.of("src/test/resources/programs/Features.par"), me);
  }

  static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  @Test
  void smallIntegerArithmeticTruncatesTowardZero() {
    assertThat(c.query("arith", 7, 3)).isEqualTo(n((7 * 3 - 7) / (3 + 1) % 7));
    assertThat(c.query("arith", -7, 3)).isEqualTo(n((-7 * 3 - -7) / (3 + 1) % 7));
    assertThat(c.query("neg", -5)).isEqualTo(n(5));
    assertThat(c.query("shifts", 3, 4)).isEqualTo(n(24));
    assertThat(c.query("shifts", 0x8000_0001L, 1)).isEqualTo(n(1));
    assertThat(c.query("signed_shift", -128)).isEqualTo(n(-32));
    assertThat(c.query("bits", 0b1100, 0b1010)).isEqualTo(n(0b1110));
  }

  @Test
  void checkedArithmeticAborts() {
    assertThat(c.queryResult("arith", 1, -1).failureReason()).contains("division by zero");
    assertThat(c.queryResult("neg", Long.MIN_VALUE).failureReason())
        .contains("arithmetic overflow (i64 -)");
    assertThat(c.queryResult("cast_down", 256).failureReason())
        .contains("value does not fit in u8");
    assertThat(c.queryResult("shifts", 1, 32).failureReason())
        .contains("shift amount out of range for u32");
    assertThat(c.queryResult("index", List.of(1, 2, 3, 4), 4).failureReason())
        .contains("array index out of bounds");
    assertThat(c.call(me, "overflow", 6).failureReason()).contains("arithmetic overflow (u8 +)");
    assertThat(c.call(me, "overflow", 5).returnValue()).contains(n(255));
  }

  @Test
  void castsAndWideIntegers() {
    assertThat(c.query("cast_down", 255)).isEqualTo(n(255));
    assertThat(c.query("cast_up", -3)).isEqualTo(n(-3));
    BigInteger a = BigInteger.ONE.shiftLeft(200).add(n(12345));
    BigInteger b = n(1_000_000);
    assertThat(c.query("wide", a, b))
        .isEqualTo(a.multiply(b).add(a.divide(b.add(BigInteger.ONE))).subtract(a.mod(n(3))));
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    assertThat(c.queryResult("wide", max, n(2)).failureReason())
        .contains("arithmetic overflow (u256 *)");
    assertThat(c.query("wide_signed", -5, 3)).isEqualTo(true);
    assertThat(c.query("wide_signed", 5, -5)).isEqualTo(false);
  }

  @Test
  void loopsStructsArraysAndHelpers() {
    assertThat(c.query("loops", 5)).isEqualTo(n(10 + 6));
    assertThat(c.query("points", List.of(2, 3), 4)).isEqualTo(List.of(n(13), n(2)));
    assertThat(c.query("arrays", List.of(1, 2, 3, 4))).isEqualTo(List.of(n(5), n(4), n(3), n(2)));
    assertThat(c.query("limits")).isEqualTo(n(2003));
    assertThat(c.query("repeated", 6)).isEqualTo(List.of(n(7), n(0), n(7)));
    assertThat(c.query("context")).isEqualTo(n(kit.blockHeight() + 1_700_000_000_000L));
  }

  @Test
  void bytesAndHashing() {
    assertThat(c.query("bytes_ops", Bytes.fromHexString("0x0708"))).isEqualTo(n(2 + 7));
    assertThat(c.queryResult("bytes_ops", Bytes.EMPTY).failureReason())
        .contains("bytes index out of bounds");
    Bytes data = Bytes.wrap("parley".getBytes());
    assertThat(c.query("hash", data))
        .isEqualTo(new BigInteger(1, Hashing.keccak256(data).toArrayUnsafe()));
  }

  @Test
  void structuredStateRoundTrips() {
    Address owner = kit.account("owner");
    List<Object> box = List.of(List.of(n(-4), n(9)), List.of(n(1), n(2), n(3)), owner);
    CallResult stored = c.call(me, "store", 7, box);
    assertThat(stored.success()).as(stored.failureReason().orElse("")).isTrue();
    assertThat(c.query("load", 7))
        .isEqualTo(List.of(List.of(n(-4), n(9)), List.of(n(1), n(9), n(3)), owner));
    assertThat(c.query("corner_x", 7)).isEqualTo(n(-4));
    assertThat(c.query("load", 8))
        .isEqualTo(List.of(List.of(n(0), n(0)), List.of(n(0), n(0), n(0)), Address.ZERO));
    assertThat(c.call(me, "set_grid", 2, 500).success()).isTrue();
    assertThat(c.query("get_grid")).isEqualTo(List.of(n(0), n(0), n(500), n(0)));
    assertThat(c.call(me, "set_grid", 4, 1).failureReason()).contains("array index out of bounds");
    BigInteger negative = BigInteger.ONE.shiftLeft(200).negate();
    assertThat(c.call(me, "set_big", negative).success()).isTrue();
    assertThat(c.query("get_big")).isEqualTo(negative);
  }

  @Test
  void bytesKeysAndEvents() {
    Bytes key = Bytes.wrap("k".getBytes());
    CallResult r = c.call(me, "note", key, 42);
    assertThat(r.success()).as(r.failureReason().orElse("")).isTrue();
    assertThat(c.query("noted", key)).isEqualTo(n(42));
    assertThat(r.events()).hasSize(1);
    assertThat(r.events().get(0).topics()).hasSize(2);
    assertThat(c.call(me, "note", key, -1).failureReason()).contains("value does not fit in u32");
  }

  @Test
  void valueTransfersRespectTheContractBalance() {
    Address payee = kit.account("payee");
    kit.fund(me, n(1_000));
    assertThat(c.callWithValue(me, n(300), "pay", payee, 100).success()).isTrue();
    assertThat(c.query("mine")).isEqualTo(n(200));
    assertThat(kit.host().balance(payee).toLong()).isEqualTo(100);
    assertThat(c.call(me, "pay", payee, 201).failureReason())
        .contains("transfer of 201 exceeds the contract's balance 200");
    assertThat(kit.host().balance(payee).toLong()).isEqualTo(100);
  }
}

package io.parley.contracts.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Gas, memory and isolation guarantees of the runtime. */
class ExecutionLimitsTest {
  static final Path SPINNER = Path.of("src/test/resources/programs/Spinner.par");

  @Test
  void infiniteLoopStopsOutOfGasWithNoStateChange() {
    ContractTestKit kit = new ContractTestKit();
    Address me = kit.account("me");
    DeployedContract c = kit.deploy(SPINNER, me);
    assertThat(c.call(me, "bump").success()).isTrue();
    Bytes32 before = kit.host().stateRoot();
    kit.setGasLimit(200_000);
    CallResult r = c.call(me, "spin");
    assertThat(r.success()).isFalse();
    assertThat(r.failureReason()).contains("out of gas");
    assertThat(r.gasUsed()).isEqualTo(200_000);
    assertThat(kit.host().stateRoot()).isEqualTo(before);
    assertThat(c.query("get")).isEqualTo(BigInteger.ONE);
  }

  @Test
  void memoryBombInContractCodeIsStopped() {
    ContractTestKit kit = new ContractTestKit();
    Address me = kit.account("me");
    DeployedContract c = kit.deploy(SPINNER, me);
    Bytes chunk = Bytes.wrap(new byte[60_000]);
    kit.setGasLimit(1_000_000_000L);
    CallResult r = c.call(me, "grow", chunk, 1_000);
    assertThat(r.success()).isFalse();
    assertThat(r.failureReason()).contains("out of memory");
    assertThat(kit.host().storageSize(c.address())).isZero();
  }

  @Test
  void memoryGrowStopsAtTheLimitAndLoopingOnItRunsOutOfGas() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract counting =
        runtime.load(
            WatBundles.viewModule(
                    "(func (export \"view.bomb\") (result i64) (local i64)"
                        + " (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))"
                        + " (local.set 0 (i64.add (local.get 0) (i64.const 1))) (br 0)))"
                        + " (local.get 0))",
                    "bomb")
                .encode());
    ContractTestKit kit = new ContractTestKit(runtime);
    CallResult grown =
        runtime.call(
            counting,
            kit.host(),
            CallContext.view(Address.ZERO, Address.ZERO, 1, 1, 10_000_000),
            "bomb",
            Bytes.fromHexString("0xc0"));
    int pages = RuntimeLimits.DEFAULT.maxMemoryPages();
    assertThat(grown.returnValue()).contains(BigInteger.valueOf((pages - 1) / 16));
    LoadedContract spinning =
        runtime.load(
            WatBundles.module(
                    "(func (export \"action.bomb\")"
                        + " (loop (br_if 0 (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))"
                        + " (loop (br 0)))",
                    "bomb")
                .encode());
    CallContext ctx =
        new CallContext(
            Address.ZERO,
            Address.ZERO,
            org.apache.tuweni.units.bigints.UInt256.ZERO,
            1,
            1,
            10_000_000,
            false);
    CallResult r = runtime.call(spinning, kit.host(), ctx, "bomb", Bytes.fromHexString("0xc0"));
    assertThat(r.failureReason()).contains("out of gas");
  }

  @Test
  void sameCallsOnTwoIndependentRuntimesGiveTheSameStateRoot() {
    long seed = 20_260_101L;
    Bytes32 first = randomTokenHistory(seed);
    Bytes32 second = randomTokenHistory(seed);
    assertThat(second).as("seed " + seed).isEqualTo(first);
    assertThat(randomTokenHistory(seed + 1)).as("another history differs").isNotEqualTo(first);
  }

  static Bytes32 randomTokenHistory(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    ContractTestKit kit = new ContractTestKit(new ContractRuntime());
    Address[] users = new Address[5];
    for (int i = 0; i < users.length; i++) {
      users[i] = kit.account("user" + i);
    }
    DeployedContract token =
        kit.deploy(
            Path.of("examples/Token.par"),
            users[0],
            Bytes.wrap("T".getBytes()),
            Bytes.wrap("T".getBytes()),
            1_000_000);
    for (int i = 0; i < 200; i++) {
      Address from = users[random.nextInt(users.length)];
      Address to = users[random.nextInt(users.length)];
      token.call(from, "transfer", to, random.nextInt(50_000));
      if (i % 20 == 0) {
        kit.nextBlock(1_000);
      }
    }
    return kit.host().stateRoot();
  }

  @Test
  void viewsCannotWriteEvenThroughHandWrittenCode() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    String wat =
        "(module (import \"parley\" \"storage_write\" (func $w (param i32 i32))) (memory (export \"memory\") 1)"
            + WatBundles.ALLOC
            + "(func (export \"view.sneak\") (result i64) (call $w (i32.const 0) (i32.const 64)) (i64.const 1)))";
    io.parley.contracts.abi.Abi abi =
        new io.parley.contracts.abi.Abi(
            "Wat",
            java.util.List.of(),
            java.util.List.of(),
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.List.of(
                new io.parley.contracts.abi.Abi.FunctionDef(
                    "sneak", java.util.List.of(), java.util.Optional.of("u64"))),
            java.util.List.of(),
            java.util.List.of());
    var bundle =
        new io.parley.contracts.abi.Bundle(
            io.parley.contracts.abi.AbiJson.write(abi),
            Bytes.wrap(com.dylibso.chicory.wabt.Wat2Wasm.parse(wat)),
            new java.util.TreeMap<>());
    LoadedContract loaded = runtime.load(bundle.encode());
    ContractTestKit kit = new ContractTestKit(runtime);
    CallResult r =
        runtime.call(
            loaded,
            kit.host(),
            CallContext.view(Address.ZERO, Address.ZERO, 1, 1, 100_000),
            "sneak",
            Bytes.fromHexString("0xc0"));
    assertThat(r.failureReason()).contains("a view cannot write storage");
  }
}

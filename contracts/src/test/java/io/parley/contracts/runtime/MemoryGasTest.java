package io.parley.contracts.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.testing.ContractTestKit;
import java.math.BigInteger;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Memory is paid for by the byte (ADR 0045): every page a call has, every 32 bytes a bulk memory
 * instruction touches; and a deadline stops a view without touching block execution.
 */
class MemoryGasTest {
  static final GasSchedule GAS = GasSchedule.DEFAULT;

  /** Views {@code grow0} and {@code growN}: the same instructions, growing by 0 or N pages. */
  static LoadedContract growing(ContractRuntime runtime, int pages) throws DeployException {
    String body =
        "(func (export \"view.grow0\") (result i64)"
            + " (drop (memory.grow (i32.const 0))) (i64.extend_i32_u (memory.size)))"
            + "(func (export \"view.growN\") (result i64)"
            + " (drop (memory.grow (i32.const "
            + pages
            + "))) (i64.extend_i32_u (memory.size)))";
    return runtime.load(WatBundles.viewModules(body, "grow0", "growN").encode());
  }

  static CallResult view(ContractRuntime runtime, LoadedContract c, String name, long gas) {
    return runtime.call(
        c,
        new ContractTestKit(runtime).host(),
        CallContext.view(Address.ZERO, Address.ZERO, 1, 1, gas),
        name,
        Bytes.fromHexString("0xc0"));
  }

  @Test
  void everyPageACallHasIsPaidForOnce() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract c = growing(runtime, 10);
    CallResult none = view(runtime, c, "grow0", 10_000_000);
    CallResult ten = view(runtime, c, "growN", 10_000_000);
    assertThat(none.returnValue()).contains(BigInteger.ONE);
    assertThat(ten.returnValue()).contains(BigInteger.valueOf(11));
    assertThat(ten.gasUsed() - none.gasUsed()).isEqualTo(10 * GAS.memoryPage());
    assertThat(none.gasUsed())
        .as("the module's one initial page, then six instructions (end included)")
        .isEqualTo(GAS.memoryPage() + 6 * GAS.instruction());
  }

  @Test
  void growingMemoryRunsOutOfGasWhereItsPagesDoNotFit() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract c = growing(runtime, 200);
    long needed = view(runtime, c, "growN", 100_000_000).gasUsed();
    assertThat(needed).isEqualTo(201 * GAS.memoryPage() + 6 * GAS.instruction());
    assertThat(view(runtime, c, "growN", needed).success()).isTrue();
    CallResult short1 = view(runtime, c, "growN", needed - 1);
    assertThat(short1.failureReason()).contains("out of gas");
    assertThat(short1.gasUsed()).isEqualTo(needed - 1);
  }

  @Test
  void bulkMemoryIsPaidPerWordTouched() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    String body =
        "(func (export \"view.fill0\") (result i64)"
            + " (memory.fill (i32.const 0) (i32.const 7) (i32.const 0)) (i64.const 0))"
            + "(func (export \"view.fillPage\") (result i64)"
            + " (memory.fill (i32.const 0) (i32.const 7) (i32.const 65536)) (i64.const 0))"
            + "(func (export \"view.copy33\") (result i64)"
            + " (memory.copy (i32.const 1) (i32.const 0) (i32.const 33)) (i64.const 0))";
    LoadedContract c =
        runtime.load(WatBundles.viewModules(body, "fill0", "fillPage", "copy33").encode());
    long empty = view(runtime, c, "fill0", 1_000_000).gasUsed();
    assertThat(view(runtime, c, "fillPage", 1_000_000).gasUsed() - empty)
        .isEqualTo(2_048 * GAS.memoryPerWord());
    assertThat(view(runtime, c, "copy33", 1_000_000).gasUsed() - empty)
        .as("33 bytes are two words")
        .isEqualTo(2 * GAS.memoryPerWord());
  }

  @Test
  void aViewPastItsDeadlineStopsWithItsOwnReason() throws DeployException {
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract c =
        runtime.load(
            WatBundles.viewModules(
                    "(func (export \"view.spin\") (result i64) (loop (br 0)) (i64.const 0))",
                    "spin")
                .encode());
    CallContext passed =
        CallContext.view(Address.ZERO, Address.ZERO, 1, 1, 1_000_000_000)
            .withDeadline(OptionalLong.of(System.nanoTime() - 1));
    CallResult r =
        runtime.call(
            c, new ContractTestKit(runtime).host(), passed, "spin", Bytes.fromHexString("0xc0"));
    assertThat(r.failureReason()).contains(ContractRuntime.DEADLINE_PASSED);
    assertThat(r.gasUsed())
        .as("stopped at the first reading of the clock")
        .isEqualTo(GAS.memoryPage() + GasMeter.DEADLINE_INTERVAL * GAS.instruction());
  }

  @Test
  void onlyInstructionsTheSchedulepricesAreAccepted() {
    assertThat(ModuleValidator.supported(0x6A)).as("i32.add").isTrue();
    assertThat(ModuleValidator.supported(0xFC0A)).as("memory.copy").isTrue();
    assertThat(ModuleValidator.supported(0xFC0B)).as("memory.fill").isTrue();
    assertThat(ModuleValidator.supported(0xD2)).as("ref.func").isFalse();
    assertThat(ModuleValidator.supported(0xFC11)).as("table.fill").isFalse();
    assertThat(ModuleValidator.supported(0xFB00)).as("struct.new").isFalse();
  }
}

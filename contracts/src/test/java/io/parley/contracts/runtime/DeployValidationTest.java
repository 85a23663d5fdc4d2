package io.parley.contracts.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.contracts.abi.Bundle;
import io.parley.contracts.testing.ContractTestKit;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Modules the runtime refuses at deployment, each with its precise reason. */
class DeployValidationTest {
  final ContractRuntime runtime = new ContractRuntime();

  void refused(Bundle bundle, String reason) {
    assertThatThrownBy(() -> runtime.load(bundle.encode()))
        .isInstanceOf(DeployException.class)
        .hasMessage(reason);
  }

  @Test
  void acceptsAMinimalModule() throws DeployException {
    assertThat(
            runtime
                .load(WatBundles.module("(func (export \"action.ok\"))", "ok").encode())
                .abi()
                .actions())
        .hasSize(1);
  }

  @Test
  void rejectsABundleWhoseCircuitTheCommitteeWouldRefuse() {
    Bundle good = ContractTestKit.compile(Path.of("examples/Payroll.par")).bundle();
    java.util.TreeMap<String, String> circuits = new java.util.TreeMap<>(good.circuits());
    circuits.put("add", circuits.get("add").replace("\"op\":\"add\"", "\"op\":\"frob\""));
    refused(
        new Bundle(good.abiJson(), good.wasm(), circuits),
        "circuit 'add': E_FORMAT: gate 0 (frob): unknown op");
    java.util.TreeMap<String, String> none = new java.util.TreeMap<>();
    refused(
        new Bundle(good.abiJson(), good.wasm(), none),
        "confidential function 'add' names a missing circuit 'add'");
  }

  @Test
  void rejectsFloatingPointInstructions() {
    refused(
        WatBundles.module("(func (export \"action.f\") i32.const 1 f32.convert_i32_s drop)", "f"),
        "function 1 uses floating-point instruction f32.convert_i32_s");
  }

  @Test
  void rejectsFloatingPointLocalsAndSignatures() {
    refused(
        WatBundles.module("(func (export \"action.f\") (local f64))", "f"),
        "function 1 declares a floating-point local");
    refused(
        WatBundles.module("(func (export \"action.f\") (param f32))", "f"),
        "function type 1 has a floating-point parameter");
    refused(
        WatBundles.module("(global f64 (f64.const 1)) (func (export \"action.f\"))", "f"),
        "global 1 is floating point");
  }

  @Test
  void rejectsImportsOutsideTheHostApi() {
    refused(
        WatBundles.bundle("(module (import \"env\" \"now\" (func (result i64))) (memory 1))"),
        "import 'env.now' is not part of the host API");
    refused(
        WatBundles.bundle("(module (import \"parley\" \"caller\" (func (param i64))) (memory 1))"),
        "import 'parley.caller' has type (i64) -> () but the host API declares (i32) -> ()");
    refused(
        WatBundles.bundle("(module (import \"parley\" \"mem\" (memory 1)))"),
        "import 'parley.mem' is a memory; only host functions may be imported");
  }

  @Test
  void rejectsStartFunctionsTablesAndMissingMemory() {
    refused(
        WatBundles.module("(func $s) (start $s)"),
        "module has a start function (index 1); contracts run only through exports");
    refused(
        WatBundles.module("(table 1 funcref)"), "module declares a table; tables are not allowed");
    refused(
        WatBundles.bundle("(module (func (export \"f\")))"),
        "module must define exactly one memory");
  }

  @Test
  void rejectsModulesOverTheLimits() {
    ContractRuntime strict =
        new ContractRuntime(new RuntimeLimits(300, 2, 3, 4), GasSchedule.DEFAULT);
    assertThatThrownBy(() -> strict.load(WatBundles.module("(func) (func) (func)").encode()))
        .hasMessage("module defines 4 functions, limit 2");
    assertThatThrownBy(
            () -> strict.load(WatBundles.module("(func (local i32 i32 i32 i64))").encode()))
        .hasMessage("function 1 declares 4 locals, limit 3");
    assertThatThrownBy(() -> strict.load(WatBundles.bundle("(module (memory 5))").encode()))
        .hasMessage("memory of 5 pages exceeds the limit of 4 pages");
    Bundle big = ContractTestKit.compile(Path.of("examples/Token.par")).bundle();
    assertThatThrownBy(() -> strict.load(big.encode()))
        .hasMessageStartingWith("module is ")
        .hasMessageEndingWith(" bytes, limit 300");
  }

  @Test
  void rejectsModulesThatDoNotTypeCheck() {
    var w = new io.parley.contracts.wasm.WasmModuleWriter();
    var sig = new io.parley.contracts.wasm.WasmModuleWriter.Signature(new byte[0], new byte[0]);
    byte[] body = new io.parley.contracts.wasm.Code().i32(1).i64(2).op(0x7C).drop().bytes();
    w.function(0, sig, new byte[0], body);
    w.memory(1);
    w.exportFunction("action.bad", 0);
    Bundle bad =
        new Bundle(
            WatBundles.module("", "bad").abiJson(),
            Bytes.wrap(w.toBytes()),
            new java.util.TreeMap<>());
    assertThatThrownBy(() -> runtime.load(bad.encode()))
        .isInstanceOf(DeployException.class)
        .hasMessageStartingWith("malformed module: ")
        .hasMessageContaining("type mismatch");
  }

  @Test
  void rejectsMalformedBundlesAndModules() {
    assertThatThrownBy(() -> runtime.load(Bytes.fromHexString("0x01020304")))
        .isInstanceOf(DeployException.class)
        .hasMessageStartingWith("malformed bundle");
    Bundle garbage =
        new Bundle(
            WatBundles.module("").abiJson(),
            Bytes.fromHexString("0x0061736d02"),
            new java.util.TreeMap<>());
    assertThatThrownBy(() -> runtime.load(garbage.encode()))
        .hasMessageStartingWith("malformed module");
    Bundle missing = WatBundles.module("", "absent");
    assertThatThrownBy(() -> runtime.load(missing.encode()))
        .hasMessage("module does not export 'action.absent' named by its ABI");
  }
}

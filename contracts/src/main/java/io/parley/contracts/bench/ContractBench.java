package io.parley.contracts.bench;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.InMemoryHost;
import io.parley.contracts.wasm.Code;
import io.parley.contracts.wasm.HostImport;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Figures for issue 5, printed to standard output (a command, not a test): token transfer latency
 * (execution only), metered and unmetered WebAssembly instructions per second, compile times.
 *
 * <pre>
 * ./mvnw -q -B -o -pl contracts -am compile exec:java \
 *   -Dexec.mainClass=io.parley.contracts.bench.ContractBench -Dexec.args="examples"
 * </pre>
 */
public final class ContractBench {
  private static final String SPIN =
      "contract Spin { view spin(n: u64) -> u64 { let t: u64 = 0; for i in 0..n { t += i & 7; }"
          + " return t; } }";

  private ContractBench() {}

  public static void main(String[] args) throws Exception {
    Path examples = Path.of(args.length > 0 ? args[0] : "examples");
    transfer(examples.resolve("Token.par"));
    instructions();
    compileTimes(examples);
  }

  private static void transfer(Path tokenSource) throws Exception {
    CompiledContract token = ContractCompiler.compile(tokenSource);
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract loaded = runtime.load(token.bundle().encode());
    InMemoryHost host = new InMemoryHost();
    ContractTestKit kit = new ContractTestKit(runtime);
    Address alice = kit.account("alice");
    Address contract = kit.account("token");
    Bytes init =
        Values.encodeList(
            List.of(new Type.BytesT(), new Type.BytesT(), new Type.Int(256, false, false)),
            List.of(Bytes.of(1), Bytes.of(2), BigInteger.TEN.pow(30)));
    CallContext deploy = context(alice, contract);
    require(runtime.deploy(loaded, host, deploy, init));
    int users = 1_000;
    Address[] to = new Address[users];
    Bytes[] payloads = new Bytes[users];
    for (int i = 0; i < users; i++) {
      to[i] = kit.account("user" + i);
      payloads[i] =
          Values.encodeList(
              List.of(new Type.AddressT(), new Type.Int(256, false, false)),
              List.of(to[i], BigInteger.valueOf(1 + i)));
    }
    int warmup = 5_000;
    int runs = 20_000;
    long[] nanos = new long[runs];
    long gas = 0;
    for (int i = 0; i < warmup + runs; i++) {
      long start = System.nanoTime();
      CallResult r = runtime.call(loaded, host, deploy, "transfer", payloads[i % users]);
      long elapsed = System.nanoTime() - start;
      require(r);
      if (i >= warmup) {
        nanos[i - warmup] = elapsed;
        gas += r.gasUsed();
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        "token transfer (execution only, %d calls): p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, gas %d/call%n",
        runs,
        nanos[runs / 2] / 1e6,
        nanos[runs * 9 / 10] / 1e6,
        nanos[runs * 99 / 100] / 1e6,
        gas / runs);
  }

  private static CallContext context(Address caller, Address contract) {
    return new CallContext(caller, contract, UInt256.ZERO, 1, 1, 10_000_000, false);
  }

  private static void require(CallResult r) {
    if (!r.success()) {
      throw new IllegalStateException("call failed: " + r.failureReason().orElseThrow());
    }
  }

  private static void instructions() throws Exception {
    CompiledContract spin = ContractCompiler.compile(new SourceFile("Spin.par", SPIN));
    ContractRuntime runtime = new ContractRuntime();
    LoadedContract loaded = runtime.load(spin.bundle().encode());
    InMemoryHost host = new InMemoryHost();
    long n = 2_000_000;
    Bytes arg =
        Values.encodeList(List.of(new Type.Int(64, false, false)), List.of(BigInteger.valueOf(n)));
    CallContext view = CallContext.view(Address.ZERO, Address.ZERO, 1, 1, 1L << 40);
    double best = 0;
    long instructions = 0;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      CallResult r = runtime.call(loaded, host, view, "spin", arg);
      double seconds = (System.nanoTime() - start) / 1e9;
      require(r);
      // the loop calls no host function: its gas is its memory pages and its instructions
      instructions =
          (r.gasUsed() - runtime.gasSchedule().memoryPage() * loaded.initialPages())
              / runtime.gasSchedule().instruction();
      best = Math.max(best, instructions / seconds);
    }
    System.out.printf(
        "metered interpreter: %.1f M instructions/s (%d instructions per run)%n",
        best / 1e6, instructions);

    Instance plain =
        Instance.builder(Parser.parse(spin.wasm().toArrayUnsafe()))
            .withImportValues(stubs())
            .build();
    double unmetered = 0;
    for (int round = 0; round < 6; round++) {
      long start = System.nanoTime();
      plain.export("view.spin").apply(n);
      double seconds = (System.nanoTime() - start) / 1e9;
      unmetered = Math.max(unmetered, instructions / seconds);
    }
    System.out.printf(
        "unmetered interpreter: %.1f M instructions/s (same module)%n", unmetered / 1e6);
  }

  private static ImportValues stubs() {
    ImportValues.Builder b = ImportValues.builder();
    for (HostImport h : HostImport.values()) {
      List<ValType> params = new ArrayList<>();
      for (byte t : h.signature().params()) {
        params.add(t == Code.I32 ? ValType.I32 : ValType.I64);
      }
      List<ValType> results = new ArrayList<>();
      for (byte t : h.signature().results()) {
        results.add(t == Code.I32 ? ValType.I32 : ValType.I64);
      }
      b.addFunction(
          new HostFunction(
              HostImport.MODULE,
              h.importName(),
              FunctionType.of(params, results),
              (instance, a) -> results.isEmpty() ? null : new long[] {0}));
    }
    return b.build();
  }

  private static void compileTimes(Path examples) throws Exception {
    List<Path> sources;
    try (var files = Files.list(examples)) {
      sources = files.filter(p -> p.toString().endsWith(".par")).sorted().toList();
    }
    for (Path source : sources) {
      String text = Files.readString(source);
      SourceFile file = new SourceFile(source.getFileName().toString(), text);
      for (int i = 0; i < 200; i++) {
        ContractCompiler.compile(file);
      }
      int runs = 200;
      long[] nanos = new long[runs];
      CompiledContract last = null;
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        last = ContractCompiler.compile(file);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "compile %s (%d lines): p50 %.3f ms, wasm %d bytes, %d circuit(s)%n",
          source.getFileName(),
          text.split("\n").length,
          nanos[runs / 2] / 1e6,
          last.wasm().size(),
          last.circuits().size());
    }
  }
}

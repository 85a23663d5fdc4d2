package io.parley.contracts;

import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiBuilder;
import io.parley.contracts.abi.AbiJson;
import io.parley.contracts.check.CheckedContract;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.TypeChecker;
import io.parley.contracts.circuit.CircuitCodegen;
import io.parley.contracts.circuit.ProvenRanges;
import io.parley.contracts.lang.Ast;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.lang.ManyParties;
import io.parley.contracts.lang.Parser;
import io.parley.contracts.lang.SourceFile;
import io.parley.contracts.lang.Span;
import io.parley.contracts.wasm.CodegenException;
import io.parley.contracts.wasm.WasmCodegen;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;

/**
 * The contract compiler: parse, check types and information flow, then emit WebAssembly for the
 * public part and a circuit per confidential function (docs/spec/language.md). Any input either
 * compiles or yields a {@link CompileException} with positions; the compiler does not crash.
 */
public final class ContractCompiler {
  public static final int MAX_SOURCE_BYTES = 1 << 20;

  private ContractCompiler() {}

  /**
   * Runs the committee's own validator (docs/spec/circuit-ir.md section 6) on an emitted circuit: a
   * contract must never compile to a circuit the engine refuses. A refusal is a compiler bug.
   */
  private static void acceptedByEngine(CircuitCodegen.Circuit circuit) {
    try {
      CircuitValidator.validate(
          CircuitParser.parse(circuit.json().getBytes(StandardCharsets.UTF_8)));
    } catch (CircuitException e) {
      throw new IllegalStateException(
          "circuit of '"
              + circuit.name()
              + "' refused by the engine's validator: "
              + e.getMessage(),
          e);
    }
  }

  public static CompiledContract compile(Path file) throws CompileException, IOException {
    byte[] bytes = Files.readAllBytes(file);
    return compile(
        new SourceFile(file.getFileName().toString(), new String(bytes, StandardCharsets.UTF_8)));
  }

  public static CompiledContract compile(SourceFile source) throws CompileException {
    if (source.text().length() > MAX_SOURCE_BYTES) {
      throw new CompileException(
          CompileError.at(source, source.spanAt(0), "source larger than 1 MiB"));
    }
    try {
      Ast.Contract ast = Parser.parse(source);
      ManyParties.Lowered lowered = ManyParties.lower(source, ast);
      CheckedContract checked = TypeChecker.check(source, lowered.contract());
      List<Abi.ConfidentialDef> confidential = new ArrayList<>();
      TreeMap<String, String> circuits = new TreeMap<>();
      List<CompileError> errors = new ArrayList<>();
      Map<String, BigInteger> proven =
          ProvenRanges.upperBounds(lowered.collections(), checked.consts());
      for (FunctionInfo f : checked.functions()) {
        if (f.kind() == Ast.FunctionKind.CONFIDENTIAL) {
          try {
            CircuitCodegen.Circuit circuit =
                CircuitCodegen.compile(checked, f, lowered.elementParams(f.name()), proven);
            acceptedByEngine(circuit);
            circuits.put(circuit.name(), circuit.json());
            confidential.add(circuit.abi());
          } catch (CompileException e) {
            errors.addAll(e.errors());
          }
        }
      }
      if (!errors.isEmpty()) {
        throw new CompileException(errors);
      }
      byte[] wasm;
      try {
        wasm = WasmCodegen.compile(checked);
      } catch (CodegenException e) {
        Span span = e.span().orElse(ast.span());
        throw new CompileException(CompileError.at(source, span, e.getMessage()));
      }
      Abi abi = AbiBuilder.build(checked, confidential, lowered.collections());
      return new CompiledContract(ast.name(), abi, AbiJson.write(abi), Bytes.wrap(wasm), circuits);
    } catch (RuntimeException | StackOverflowError e) {
      throw new CompileException(
          CompileError.at(source, source.spanAt(0), "internal compiler error: " + e));
    }
  }
}

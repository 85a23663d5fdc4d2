package io.parley.contracts.runtime;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import io.parley.contracts.wasm.Code;
import io.parley.contracts.wasm.HostImport;
import io.parley.contracts.wasm.WasmModuleWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Deploy-time checks of a contract module (ADR 0031): size, no floating point anywhere, imports
 * only from the host API with exact signatures, no start function, no tables, one memory within the
 * limit, and limits on functions and locals. Each refusal names what and where.
 */
public final class ModuleValidator {
  private final RuntimeLimits limits;

  public ModuleValidator(RuntimeLimits limits) {
    this.limits = limits;
  }

  public WasmModule validate(byte[] wasm) throws DeployException {
    if (wasm.length > limits.maxModuleBytes()) {
      throw new DeployException(
          "module is " + wasm.length + " bytes, limit " + limits.maxModuleBytes());
    }
    WasmModule module;
    try {
      module = Parser.parse(wasm);
    } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new DeployException("malformed module: " + e.getMessage());
    }
    if (module.startSection().isPresent()) {
      throw new DeployException(
          "module has a start function (index "
              + module.startSection().get().startIndex()
              + "); contracts run only through exports");
    }
    imports(module);
    if (module.tableSection().tableCount() > 0
        || module.importSection().count(ExternalType.TABLE) > 0) {
      throw new DeployException("module declares a table; tables are not allowed");
    }
    memory(module);
    types(module);
    functions(module);
    for (int i = 0; i < module.globalSection().globalCount(); i++) {
      if (isFloat(module.globalSection().getGlobal(i).valueType())) {
        throw new DeployException("global " + i + " is floating point");
      }
    }
    if (module.exportSection().exportCount() == 0) {
      throw new DeployException("module exports nothing");
    }
    return module;
  }

  private void imports(WasmModule module) throws DeployException {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      String name = imp.module() + "." + imp.name();
      if (!(imp instanceof FunctionImport f)) {
        throw new DeployException(
            "import '"
                + name
                + "' is a "
                + imp.importType().name().toLowerCase(Locale.ROOT)
                + "; only host functions may be imported");
      }
      Optional<HostImport> host = HostImport.byName(imp.name());
      if (!imp.module().equals(HostImport.MODULE) || host.isEmpty()) {
        throw new DeployException("import '" + name + "' is not part of the host API");
      }
      FunctionType actual = module.typeSection().getType(f.typeIndex());
      FunctionType expected = functionType(host.get().signature());
      if (!actual.equals(expected)) {
        throw new DeployException(
            "import '"
                + name
                + "' has type "
                + describe(actual)
                + " but the host API declares "
                + describe(expected));
      }
    }
  }

  static String describe(FunctionType t) {
    return t.params().stream()
            .map(v -> v.toString().toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.joining(", ", "(", ")"))
        + " -> "
        + t.returns().stream()
            .map(v -> v.toString().toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
  }

  static FunctionType functionType(WasmModuleWriter.Signature s) {
    return FunctionType.of(valTypes(s.params()), valTypes(s.results()));
  }

  private static List<ValType> valTypes(byte[] types) {
    return java.util.stream.IntStream.range(0, types.length)
        .mapToObj(i -> types[i] == Code.I32 ? ValType.I32 : ValType.I64)
        .toList();
  }

  private void memory(WasmModule module) throws DeployException {
    if (module.importSection().count(ExternalType.MEMORY) > 0) {
      throw new DeployException("module imports a memory; it must define its own");
    }
    var section = module.memorySection();
    if (section.isEmpty() || section.get().memoryCount() != 1) {
      throw new DeployException("module must define exactly one memory");
    }
    int initial = section.get().getMemory(0).limits().initialPages();
    if (initial > limits.maxMemoryPages()) {
      throw new DeployException(
          "memory of "
              + initial
              + " pages exceeds the limit of "
              + limits.maxMemoryPages()
              + " pages");
    }
  }

  private void types(WasmModule module) throws DeployException {
    FunctionType[] types = module.typeSection().types();
    for (int i = 0; i < types.length; i++) {
      for (ValType t : types[i].params()) {
        if (isFloat(t)) {
          throw new DeployException("function type " + i + " has a floating-point parameter");
        }
      }
      for (ValType t : types[i].returns()) {
        if (isFloat(t)) {
          throw new DeployException("function type " + i + " has a floating-point result");
        }
      }
    }
  }

  private void functions(WasmModule module) throws DeployException {
    int count = module.functionSection().functionCount();
    if (count > limits.maxFunctions()) {
      throw new DeployException(
          "module defines " + count + " functions, limit " + limits.maxFunctions());
    }
    int imported = module.importSection().count(ExternalType.FUNCTION);
    for (int i = 0; i < module.codeSection().functionBodyCount(); i++) {
      FunctionBody body = module.codeSection().getFunctionBody(i);
      int index = imported + i;
      if (body.localTypes().size() > limits.maxLocalsPerFunction()) {
        throw new DeployException(
            "function "
                + index
                + " declares "
                + body.localTypes().size()
                + " locals, limit "
                + limits.maxLocalsPerFunction());
      }
      for (ValType t : body.localTypes()) {
        if (isFloat(t)) {
          throw new DeployException("function " + index + " declares a floating-point local");
        }
      }
      for (Instruction instruction : body.instructions()) {
        if (!supported(instruction.opcode().opcode())) {
          throw new DeployException(
              "function "
                  + index
                  + " uses "
                  + instruction.opcode().name().toLowerCase(Locale.ROOT)
                  + ", which is not part of WebAssembly 1.0 with bulk memory");
        }
        String op = instruction.opcode().name();
        if (op.startsWith("F32")
            || op.startsWith("F64")
            || op.contains("_F32")
            || op.contains("_F64")) {
          throw new DeployException(
              "function "
                  + index
                  + " uses floating-point instruction "
                  + op.toLowerCase(Locale.ROOT).replaceFirst("_", "."));
        }
      }
    }
  }

  /**
   * WebAssembly 1.0 and sign extension (opcodes up to 0xC4) and the memory part of bulk memory
   * ({@code memory.init}, {@code data.drop}, {@code memory.copy}, {@code memory.fill}): the
   * instructions the gas schedule prices (ADR 0045). Reference types, tables, SIMD, threads,
   * exceptions, tail calls and GC are refused.
   */
  static boolean supported(int opcode) {
    return opcode < 0xC5 || (opcode >= 0xFC08 && opcode <= 0xFC0B);
  }

  private static boolean isFloat(ValType t) {
    return t.equals(ValType.F32) || t.equals(ValType.F64) || t.equals(ValType.V128);
  }
}

package io.parley.contracts.wasm;

import io.parley.base.crypto.Hashing;
import io.parley.contracts.check.CheckedContract;
import io.parley.contracts.check.FunctionInfo;
import io.parley.contracts.check.Symbol;
import io.parley.contracts.lang.Ast;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Compiles the public part of a checked contract to a WebAssembly module: one function per init,
 * action, view and fn; exports {@code init}, {@code action.NAME}, {@code view.NAME}, {@code alloc}
 * and {@code memory} (ADR 0030).
 */
public final class WasmCodegen {
  public static final String INIT_EXPORT = "init";
  public static final String ACTION_PREFIX = "action.";
  public static final String VIEW_PREFIX = "view.";
  public static final String ALLOC_EXPORT = "alloc";

  private final CheckedContract contract;
  private final ModuleContext m = new ModuleContext();
  private final Map<String, Integer> functionIndices = new HashMap<>();
  private final Map<String, Integer> stateSlots = new HashMap<>();

  private WasmCodegen(CheckedContract contract) {
    this.contract = contract;
  }

  /** The module bytes; a {@link CodegenException} if a back-end limit is exceeded. */
  public static byte[] compile(CheckedContract contract) {
    return new WasmCodegen(contract).run();
  }

  /** {@code keccak256("parley-slot-v1" || name)}: the storage key of a state variable. */
  public static Bytes32 slotKey(String stateName) {
    return Hashing.keccak256(
        Bytes.wrap("parley-slot-v1".getBytes(StandardCharsets.US_ASCII)),
        Bytes.wrap(stateName.getBytes(StandardCharsets.US_ASCII)));
  }

  public static String exportName(FunctionInfo f) {
    return switch (f.kind()) {
      case INIT -> INIT_EXPORT;
      case ACTION -> ACTION_PREFIX + f.name();
      case VIEW -> VIEW_PREFIX + f.name();
      default -> throw new IllegalArgumentException(f.kind() + " is not exported");
    };
  }

  private byte[] run() {
    for (FunctionInfo f : contract.functions()) {
      if (f.kind() != Ast.FunctionKind.CONFIDENTIAL) {
        functionIndices.put(f.name(), m.reserve());
      }
    }
    Map<String, FunctionGen> gens = new HashMap<>();
    for (FunctionInfo f : contract.functions()) {
      if (f.kind() == Ast.FunctionKind.CONFIDENTIAL) {
        continue;
      }
      FunctionGen gen = new FunctionGen(m, contract, this, f);
      byte[] body = gen.generate();
      m.define(functionIndices.get(f.name()), gen.signature(), gen.localTypes(), body);
      gens.put(f.name(), gen);
    }
    int alloc = new Helpers(m).alloc();
    WasmModuleWriter w = new WasmModuleWriter();
    for (HostImport h : HostImport.values()) {
      w.importFunction(HostImport.MODULE, h.importName(), h.signature());
    }
    m.defined.forEach((index, d) -> w.function(index, d.signature(), d.locals(), d.body()));
    int heapStart = m.memory.heapStart();
    w.memory(heapStart / 65536 + 1);
    w.globalI32(heapStart);
    for (FunctionInfo f : contract.functions()) {
      if (f.kind() != Ast.FunctionKind.CONFIDENTIAL && f.kind() != Ast.FunctionKind.FN) {
        w.exportFunction(exportName(f), functionIndices.get(f.name()));
      }
    }
    w.exportFunction(ALLOC_EXPORT, alloc);
    w.data(MemoryPlan.DATA_START, m.memory.dataBytes());
    return w.toBytes();
  }

  int functionIndex(FunctionInfo f) {
    return functionIndices.get(f.name());
  }

  int stateSlot(Symbol.State s) {
    return stateSlots.computeIfAbsent(
        s.name(), name -> m.memory.constant(slotKey(name).toArrayUnsafe()));
  }
}

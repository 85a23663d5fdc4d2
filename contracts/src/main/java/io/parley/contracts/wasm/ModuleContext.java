package io.parley.contracts.wasm;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Function indices, helper functions and memory shared by the code generators of one module. */
final class ModuleContext {
  record Defined(WasmModuleWriter.Signature signature, byte[] locals, byte[] body) {}

  final MemoryPlan memory = new MemoryPlan();
  final Map<Integer, Defined> defined = new TreeMap<>();
  final Map<String, Integer> helpers = new HashMap<>();
  final int heapGlobal = 0;
  private int nextIndex = HostImport.values().length;

  int reserve() {
    return nextIndex++;
  }

  void define(int index, WasmModuleWriter.Signature signature, byte[] locals, byte[] body) {
    defined.put(index, new Defined(signature, locals, body));
  }

  static int host(HostImport h) {
    return h.ordinal();
  }

  /** Emits a call to the host's abort with {@code message}, then unreachable. */
  void abort(Code c, String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    abort(c, bytes);
  }

  void abort(Code c, byte[] message) {
    int address = memory.message(message);
    c.i32(address).i32(message.length).call(host(HostImport.ABORT)).unreachable();
  }

  interface HelperBody {
    void write(Code c);
  }

  /** The index of a helper function, generating it on first use. */
  int helper(String name, WasmModuleWriter.Signature signature, byte[] locals, HelperBody body) {
    Integer existing = helpers.get(name);
    if (existing != null) {
      return existing;
    }
    int index = reserve();
    helpers.put(name, index);
    Code c = new Code();
    body.write(c);
    define(index, signature, locals, c.bytes());
    return index;
  }
}

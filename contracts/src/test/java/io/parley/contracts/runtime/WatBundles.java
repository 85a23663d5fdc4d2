package io.parley.contracts.runtime;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiJson;
import io.parley.contracts.abi.Bundle;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;

/** Bundles around hand-written WAT modules, for runtime tests the compiler cannot produce. */
final class WatBundles {
  private WatBundles() {}

  static final String ALLOC =
      "(global $heap (mut i32) (i32.const 1024))\n"
          + "(func (export \"alloc\") (param i32) (result i32) (local i32)"
          + " global.get $heap local.set 1 global.get $heap local.get 0 i32.add global.set $heap"
          + " local.get 1)\n";

  /** A module with memory, alloc and the given body text, exposing actions without arguments. */
  static Bundle module(String body, String... actions) {
    return bundle("(module (memory (export \"memory\") 1)\n" + ALLOC + body + ")", actions);
  }

  /** A module with memory and alloc whose only view {@code name} returns a u64. */
  static Bundle viewModule(String body, String name) {
    String wat = "(module (memory (export \"memory\") 1)\n" + ALLOC + body + ")";
    Abi abi =
        new Abi(
            "Wat",
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            List.of(new Abi.FunctionDef(name, List.of(), Optional.of("u64"))),
            List.of(),
            List.of());
    return new Bundle(AbiJson.write(abi), Bytes.wrap(Wat2Wasm.parse(wat)), new TreeMap<>());
  }

  /** A module with memory and alloc whose views {@code names} each return a u64. */
  static Bundle viewModules(String body, String... names) {
    String wat = "(module (memory (export \"memory\") 1)\n" + ALLOC + body + ")";
    Abi abi =
        new Abi(
            "Wat",
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            java.util.Arrays.stream(names)
                .map(n -> new Abi.FunctionDef(n, List.of(), Optional.of("u64")))
                .toList(),
            List.of(),
            List.of());
    return new Bundle(AbiJson.write(abi), Bytes.wrap(Wat2Wasm.parse(wat)), new TreeMap<>());
  }

  static Bundle bundle(String wat, String... actions) {
    byte[] wasm = Wat2Wasm.parse(wat);
    List<Abi.FunctionDef> defs =
        java.util.Arrays.stream(actions)
            .map(a -> new Abi.FunctionDef(a, List.of(), Optional.<String>empty()))
            .toList();
    Abi abi =
        new Abi(
            "Wat", List.of(), List.of(), Optional.empty(), defs, List.of(), List.of(), List.of());
    return new Bundle(AbiJson.write(abi), Bytes.wrap(wasm), new TreeMap<>());
  }
}

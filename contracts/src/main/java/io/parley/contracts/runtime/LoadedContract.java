package io.parley.contracts.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiTypes;
import io.parley.contracts.abi.Bundle;
import org.apache.tuweni.bytes.Bytes32;

/** A validated bundle with its parsed module, ready to instantiate for calls. */
public record LoadedContract(
    Bundle bundle,
    Bytes32 codeHash,
    Abi abi,
    AbiTypes types,
    WasmModule module,
    int initialPages) {}

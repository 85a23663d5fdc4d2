package io.parley.contracts;

import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.Bundle;
import java.util.SortedMap;
import org.apache.tuweni.bytes.Bytes;

/** The outputs of the compiler: WebAssembly, one circuit per confidential function, ABI, bundle. */
public record CompiledContract(
    String name, Abi abi, String abiJson, Bytes wasm, SortedMap<String, String> circuits) {

  public Bundle bundle() {
    return new Bundle(abiJson, wasm, circuits);
  }
}

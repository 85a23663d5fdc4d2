package io.parley.node.mpc;

import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The code a member computes with, by code hash: loaded code comes from the runtime's own cache (a
 * contract's code never changes, so it is downloaded again only once evicted), and circuits are
 * parsed and validated once. Bounded: the least recently used circuits go first.
 */
final class CodeCache {
  private static final int MAX_CIRCUITS = 64;

  private final ContractRuntime runtime;
  private final Map<String, ValidatedCircuit> circuits =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ValidatedCircuit> eldest) {
          return size() > MAX_CIRCUITS;
        }
      };

  CodeCache(ContractRuntime runtime) {
    this.runtime = runtime;
  }

  /** Whether the code with {@code codeHash} is loaded (then it need not be downloaded). */
  boolean contains(Bytes32 codeHash) {
    return runtime.cached(codeHash).isPresent();
  }

  /** The code with {@code codeHash}: loaded already, or from {@code bundle} (proven to hash so). */
  LoadedContract load(Bytes32 codeHash, Bytes bundle) throws Exception {
    var cached = runtime.cached(codeHash);
    return cached.isPresent() ? cached.get() : runtime.load(bundle);
  }

  /** Circuit {@code name} of the code with {@code codeHash}, parsed and validated once. */
  ValidatedCircuit circuit(Bytes32 codeHash, String name, String json) {
    return circuits.computeIfAbsent(
        codeHash.toHexString() + "/" + name,
        k -> CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8))));
  }
}

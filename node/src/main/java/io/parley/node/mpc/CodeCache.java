package io.parley.node.mpc;

import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The contracts a member computed for lately, by code hash, loaded and with their circuits parsed
 * and validated: a contract's code never changes, so the hundredth validity check of a collection
 * costs no download, no load and no parse. Bounded: the least recently used code goes first.
 */
final class CodeCache {
  private static final int MAX_CONTRACTS = 8;

  private record Loaded(LoadedContract code, Map<String, ValidatedCircuit> circuits) {}

  private final ContractRuntime runtime;
  private final Map<Bytes32, Loaded> entries =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, Loaded> eldest) {
          return size() > MAX_CONTRACTS;
        }
      };

  CodeCache(ContractRuntime runtime) {
    this.runtime = runtime;
  }

  boolean contains(Bytes32 codeHash) {
    return entries.containsKey(codeHash);
  }

  /** The code with {@code codeHash}: cached, or loaded from {@code bundle} (proven to hash so). */
  LoadedContract load(Bytes32 codeHash, Bytes bundle) throws Exception {
    Loaded e = entries.get(codeHash);
    if (e == null) {
      e = new Loaded(runtime.load(bundle), new LinkedHashMap<>());
      entries.put(codeHash, e);
    }
    return e.code();
  }

  /** Circuit {@code name} of the code with {@code codeHash}, parsed and validated once. */
  ValidatedCircuit circuit(Bytes32 codeHash, String name, String json) {
    Loaded e = entries.get(codeHash);
    Optional<ValidatedCircuit> cached =
        e == null ? Optional.empty() : Optional.ofNullable(e.circuits().get(name));
    if (cached.isPresent()) {
      return cached.get();
    }
    ValidatedCircuit circuit =
        CircuitValidator.validate(CircuitParser.parse(json.getBytes(StandardCharsets.UTF_8)));
    if (e != null) {
      e.circuits().put(name, circuit);
    }
    return circuit;
  }
}

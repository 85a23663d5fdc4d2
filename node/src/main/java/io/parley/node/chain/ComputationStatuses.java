package io.parley.node.chain;

import io.parley.base.block.BlockHeader;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.contract.ContractStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The statuses of the chain's computations ({@link ComputationRegistry}, read only), followed block
 * by block: each {@link #advance} reads the records started since the last one and re-reads those
 * still queued, so its cost is the new and open computations, not all of them. Done and failed are
 * final (docs/spec/computations.md). Not thread-safe: one owner calls it.
 */
public final class ComputationStatuses {
  private final Map<Bytes32, ComputationRegistry.Record> queued = new LinkedHashMap<>();
  private final EnumMap<ComputationRegistry.Status, Long> closed =
      new EnumMap<>(ComputationRegistry.Status.class);
  private long seen;

  /** The registry's storage at block {@code at}. */
  public static Function<Bytes32, Optional<Bytes>> registryAt(Blockchain chain, BlockHeader at) {
    Bytes32 root = chain.account(ComputationRegistry.REGISTRY, at).storageRoot();
    ContractStore store = new ContractStore(chain.stateNodes());
    return key -> store.storage(root, key);
  }

  /**
   * Reads the registry at a later block than the last call; returns every record that is new since
   * then or whose status changed (new records first, in start order).
   */
  public List<ComputationRegistry.Record> advance(Function<Bytes32, Optional<Bytes>> registry) {
    List<ComputationRegistry.Record> changed = new ArrayList<>();
    long count = ComputationRegistry.count(registry);
    for (long i = seen; i < count; i++) {
      Bytes32 id = ComputationRegistry.at(registry, i).orElseThrow();
      ComputationRegistry.Record r = ComputationRegistry.read(registry, id).orElseThrow();
      changed.add(r);
      place(r);
    }
    seen = Math.max(seen, count);
    for (Bytes32 id : List.copyOf(queued.keySet())) {
      Optional<ComputationRegistry.Record> r = ComputationRegistry.read(registry, id);
      if (r.isPresent() && r.get().status() != ComputationRegistry.Status.QUEUED) {
        queued.remove(id);
        changed.add(r.get());
        place(r.get());
      }
    }
    return changed;
  }

  private void place(ComputationRegistry.Record r) {
    if (r.status() == ComputationRegistry.Status.QUEUED) {
      queued.put(r.id(), r);
    } else {
      closed.merge(r.status(), 1L, Long::sum);
    }
  }

  /** How many computations have each status, as of the last {@link #advance}. */
  public Map<ComputationRegistry.Status, Long> counts() {
    EnumMap<ComputationRegistry.Status, Long> out = new EnumMap<>(ComputationRegistry.Status.class);
    for (ComputationRegistry.Status s : ComputationRegistry.Status.values()) {
      out.put(s, closed.getOrDefault(s, 0L));
    }
    out.put(ComputationRegistry.Status.QUEUED, (long) queued.size());
    return out;
  }
}

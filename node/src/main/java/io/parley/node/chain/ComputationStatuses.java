package io.parley.node.chain;

import io.parley.base.block.BlockHeader;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.contract.ContractStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The statuses of the chain's computations ({@link ComputationRegistry}, read only), followed block
 * by block: each {@link #advance} reads the records started since the last one and re-reads those
 * still running, so its cost is the new and open computations, not all of them. A change is a new
 * status or a new attempt (queued, retried, then done or failed, the last two final:
 * docs/spec/computations.md); a vote or an abort report alone is not. Not thread-safe: one owner
 * calls it.
 */
public final class ComputationStatuses {
  private final Map<Bytes32, ComputationRegistry.Record> queued = new LinkedHashMap<>();
  private final Map<String, Long> closed = new HashMap<>();
  private long seen;

  public static final String RETRIED = "retried";

  /** Every status label, in the order a computation goes through them. */
  public static final List<String> LABELS = List.of("queued", RETRIED, "done", "failed");

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
    for (ComputationRegistry.Record before : List.copyOf(queued.values())) {
      Optional<ComputationRegistry.Record> r = ComputationRegistry.read(registry, before.id());
      if (r.isPresent()
          && (r.get().status() != before.status() || r.get().attempt() != before.attempt())) {
        queued.remove(before.id());
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
      closed.merge(label(r), 1L, Long::sum);
    }
  }

  /**
   * The status as RPC shows it: queued (first attempt), retried (a later attempt), done, failed.
   */
  public static String label(ComputationRegistry.Record r) {
    if (r.status() == ComputationRegistry.Status.QUEUED && r.attempt() > 0) {
      return RETRIED;
    }
    return r.status().name().toLowerCase(Locale.ROOT);
  }

  /** How many computations have each status ({@link #LABELS}), as of the last {@link #advance}. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String label : LABELS) {
      out.put(label, closed.getOrDefault(label, 0L));
    }
    for (ComputationRegistry.Record r : queued.values()) {
      out.merge(label(r), 1L, Long::sum);
    }
    return out;
  }
}

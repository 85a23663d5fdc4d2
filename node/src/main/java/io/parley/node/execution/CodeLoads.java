package io.parley.node.execution;

import io.parley.contracts.abi.Bundle;
import java.util.HashSet;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The contract code one block loads (docs/adr/0050-code-loading-priced.md). Running a contract
 * whose code is not in the runtime's cache parses its WebAssembly module again, at a cost that
 * depends on the module's size and on what this node ran before, not on the gas: a block calling
 * hundreds of contracts in turn would take seconds. So a block may load at most {@link #BUDGET}
 * units of code, counting each code hash once, at its first run in the block: {@link
 * #PER_CONTRACT}, plus {@link #PER_MODULE_BYTE} per byte of its module, plus one per {@link
 * #TEXT_PER_UNIT} characters of its text (ABI and circuits, decoded but not parsed); the first load
 * of a block always fits, however large. A transaction that would pass the budget is not includable
 * in this block (it stays in the mempool for a later one); a block that holds one is invalid. Every
 * validator counts the same, whatever its cache holds.
 */
public final class CodeLoads {
  /** Units of code a block may load: about 150 ms of parsing on the reference machine. */
  public static final long BUDGET = 1L << 20;

  /** Units each distinct code costs on top of its module's bytes (decoding, the ABI). */
  public static final long PER_CONTRACT = 8L << 10;

  private final Set<Bytes32> loaded = new HashSet<>();
  private long used;

  /** Units each byte of a module costs (parsing it is most of a load). */
  public static final long PER_MODULE_BYTE = 2;

  /** Bytes of text that cost as much as one unit. */
  public static final long TEXT_PER_UNIT = 32;

  /** The units loading {@code bundle} costs. */
  public static long cost(Bundle bundle) {
    long text = bundle.abiJson().length();
    for (var circuit : bundle.circuits().entrySet()) {
      text += circuit.getKey().length() + circuit.getValue().length();
    }
    return PER_CONTRACT + PER_MODULE_BYTE * bundle.wasm().size() + text / TEXT_PER_UNIT;
  }

  /**
   * Counts the load of {@code bundle} (code {@code codeHash}) if it is the first in the block and
   * fits; false (nothing counted) if it does not fit.
   */
  boolean admit(Bytes32 codeHash, Bundle bundle) {
    if (loaded.contains(codeHash)) {
      return true;
    }
    long cost = cost(bundle);
    if (used > 0 && used + cost > BUDGET) { // the first load always fits, as one transaction's gas
      return false;
    }
    used += cost;
    loaded.add(codeHash);
    return true;
  }

  boolean loaded(Bytes32 codeHash) {
    return loaded.contains(codeHash);
  }

  long used() {
    return used;
  }
}

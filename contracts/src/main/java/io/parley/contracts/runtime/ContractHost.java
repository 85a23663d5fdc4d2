package io.parley.contracts.runtime;

import io.parley.base.types.Address;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The host's view of the world state, as the contract runtime needs it. The node implements it on
 * its state overlay (storage in the tree rooted at the account's {@code storageRoot}); the test
 * harness on maps in memory. The runtime calls the mutating methods only when a call succeeds, so
 * an implementation needs no rollback of its own.
 */
public interface ContractHost {
  /** The raw value stored under {@code key} in {@code contract}'s storage; empty if absent. */
  Optional<Bytes> storageGet(Address contract, Bytes32 key);

  /** Sets a storage value; an empty value deletes the key. */
  void storageSet(Address contract, Bytes32 key, Bytes value);

  UInt256 balance(Address account);

  /** Moves {@code amount} from {@code from} to {@code to}; the runtime has checked the balance. */
  void transfer(Address from, Address to, UInt256 amount);
}

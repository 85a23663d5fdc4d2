package io.parley.node.execution;

import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.types.Address;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What executing a block produced: post-state root, receipts, gas, the new state nodes and the
 * accounts whose values changed (empty accounts included, as deletions).
 */
public record ExecutionResult(
    Bytes32 stateRoot,
    List<Receipt> receipts,
    long gasUsed,
    Map<Bytes32, Bytes> stateNodes,
    Map<Address, Account> changedAccounts) {
  public ExecutionResult {
    receipts = List.copyOf(receipts);
  }
}

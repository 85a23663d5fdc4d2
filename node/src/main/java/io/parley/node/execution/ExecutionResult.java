package io.parley.node.execution;

import io.parley.base.block.Receipt;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** What executing a block produced: post-state root, receipts, gas, and the new state nodes. */
public record ExecutionResult(
    Bytes32 stateRoot, List<Receipt> receipts, long gasUsed, Map<Bytes32, Bytes> stateNodes) {
  public ExecutionResult {
    receipts = List.copyOf(receipts);
  }
}

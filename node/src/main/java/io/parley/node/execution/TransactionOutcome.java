package io.parley.node.execution;

import io.parley.base.block.Receipt;

/**
 * The result of applying one transaction: included with a receipt, not includable, or not in this
 * block.
 */
public sealed interface TransactionOutcome {
  record Executed(Receipt receipt) implements TransactionOutcome {}

  record Rejected(Rejection rejection) implements TransactionOutcome {}

  /**
   * Includable, but not in this block: it would pass a block-wide budget (ADR 0050). It stays in
   * the mempool; a block that holds it is invalid.
   */
  record Deferred(String reason) implements TransactionOutcome {}
}

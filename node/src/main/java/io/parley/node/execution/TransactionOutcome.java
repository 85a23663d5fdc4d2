package io.parley.node.execution;

import io.parley.base.block.Receipt;

/** The result of applying one transaction: included with a receipt, or not includable. */
public sealed interface TransactionOutcome {
  record Executed(Receipt receipt) implements TransactionOutcome {}

  record Rejected(Rejection rejection) implements TransactionOutcome {}
}

package io.parley.contracts.runtime;

/** Ends a call: out of gas, abort with a message, or a broken host rule. */
final class ContractFailure extends RuntimeException {
  ContractFailure(String reason) {
    super(reason, null, false, false);
  }
}

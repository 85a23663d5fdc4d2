package io.parley.node.execution;

import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.genesis.ExecutionParameters;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Applies one transaction to a {@link StateOverlay}. Two kinds of failure exist: a transaction that
 * is not includable at all (wrong nonce, cannot pay its maximum cost, bad signature...) gets a
 * {@link Rejection} and must not be in a block; an includable transaction that fails while
 * executing still consumes its nonce and pays for its gas, and gets a failed {@link Receipt}.
 */
public final class TransactionProcessor {
  private final long chainId;
  private final ExecutionParameters params;
  private final ContractTransactions contracts;

  public TransactionProcessor(long chainId, ExecutionParameters params) {
    this.chainId = chainId;
    this.params = params;
    this.contracts = new ContractTransactions(new io.parley.contracts.runtime.ContractRuntime());
  }

  /** Checks that need no state: chain id, kind, signature, gas price and gas limit. */
  public Optional<Rejection> checkIntrinsic(SignedTransaction signed, long maxBlockGas) {
    Transaction tx = signed.transaction();
    if (tx.chainId() != chainId) {
      return reject(
          Rejection.Reason.WRONG_CHAIN_ID,
          "chain id " + tx.chainId() + " does not match this chain's " + chainId);
    }
    if (tx.kind() == TransactionKind.SECRET_INPUT) {
      return reject(
          Rejection.Reason.UNSUPPORTED_KIND,
          "transaction kind " + tx.kind() + " is not supported by this node version");
    }
    if (signed.size() > params.maxTransactionSize()) {
      return reject(
          Rejection.Reason.OVERSIZED,
          "transaction is " + signed.size() + " bytes, limit " + params.maxTransactionSize());
    }
    if (tx.gasPrice().compareTo(params.minGasPrice()) < 0) {
      return reject(
          Rejection.Reason.UNDERPRICED,
          "gas price "
              + tx.gasPrice().toDecimalString()
              + " is below the minimum "
              + params.minGasPrice().toDecimalString());
    }
    long intrinsic = params.intrinsicGas(tx.payload().size());
    if (tx.gasLimit() < intrinsic) {
      return reject(
          Rejection.Reason.GAS_LIMIT,
          "gas limit " + tx.gasLimit() + " is below the intrinsic gas " + intrinsic);
    }
    if (tx.gasLimit() > maxBlockGas) {
      return reject(
          Rejection.Reason.GAS_LIMIT,
          "gas limit " + tx.gasLimit() + " exceeds the block gas limit " + maxBlockGas);
    }
    if (tx.maxCost().isEmpty()) {
      return reject(
          Rejection.Reason.INSUFFICIENT_BALANCE, "value + gasLimit * gasPrice overflows 256 bits");
    }
    if (signed.sender().isEmpty()) {
      return reject(
          Rejection.Reason.BAD_SIGNATURE,
          "signature is invalid (no signer can be recovered, or s is not low)");
    }
    return Optional.empty();
  }

  /**
   * Applies {@code signed} on top of {@code state}; the fee goes to {@code proposer}. Returns a
   * rejection (state untouched) or a receipt (state updated).
   */
  Outcome apply(
      StateOverlay state,
      SignedTransaction signed,
      Address proposer,
      long maxBlockGas,
      ContractTransactions.BlockContext block) {
    Optional<Rejection> intrinsic = checkIntrinsic(signed, maxBlockGas);
    if (intrinsic.isPresent()) {
      return new Outcome.Rejected(intrinsic.get());
    }
    Transaction tx = signed.transaction();
    Address sender = signed.sender().orElseThrow();
    Account from = state.get(sender);
    if (tx.nonce() != from.nonce()) {
      Rejection.Reason reason =
          tx.nonce() < from.nonce()
              ? Rejection.Reason.NONCE_TOO_LOW
              : Rejection.Reason.NONCE_TOO_HIGH;
      return new Outcome.Rejected(
          Rejection.of(
              reason, "nonce " + tx.nonce() + " but the account's next nonce is " + from.nonce()));
    }
    UInt256 maxCost = tx.maxCost().orElseThrow();
    if (from.balance().compareTo(maxCost) < 0) {
      return new Outcome.Rejected(
          Rejection.of(
              Rejection.Reason.INSUFFICIENT_BALANCE,
              "balance "
                  + from.balance().toDecimalString()
                  + " is below value + gasLimit * gasPrice = "
                  + maxCost.toDecimalString()));
    }
    long gasUsed = params.intrinsicGas(tx.payload().size());
    UInt256 fee = Amounts.multiplyExact(tx.gasPrice(), gasUsed);
    // Nonce and fee are paid whatever happens next.
    state.put(
        sender,
        from.withNonce(from.nonce() + 1).withBalance(Amounts.subtractExact(from.balance(), fee)));
    credit(state, proposer, fee);
    if (tx.kind() != TransactionKind.TRANSFER) {
      return new Outcome.Executed(contracts.apply(state, signed, sender, proposer, gasUsed, block));
    }
    state.beginTransaction();
    try {
      Account payer = state.get(sender);
      state.put(sender, payer.withBalance(Amounts.subtractExact(payer.balance(), tx.value())));
      credit(state, tx.to().orElseThrow(), tx.value());
      state.commitTransaction();
      return new Outcome.Executed(Receipt.success(signed.hash(), gasUsed, List.of()));
    } catch (ArithmeticException e) {
      state.rollbackTransaction();
      return new Outcome.Executed(
          Receipt.failure(signed.hash(), gasUsed, "balance overflow: " + e.getMessage()));
    }
  }

  private static void credit(StateOverlay state, Address to, UInt256 amount) {
    if (amount.isZero()) {
      return;
    }
    Account account = state.get(to);
    state.put(to, account.withBalance(Amounts.addExact(account.balance(), amount)));
  }

  private static Optional<Rejection> reject(Rejection.Reason reason, String message) {
    return Optional.of(Rejection.of(reason, message));
  }
}

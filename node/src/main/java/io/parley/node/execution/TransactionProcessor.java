package io.parley.node.execution;

import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.runtime.GasSchedule;
import io.parley.genesis.ExecutionParameters;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
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
  private final io.parley.genesis.MpcCommittee genesisCommittee;

  public TransactionProcessor(long chainId, ExecutionParameters params) {
    this(chainId, params, io.parley.genesis.MpcCommittee.NONE);
  }

  public TransactionProcessor(
      long chainId, ExecutionParameters params, io.parley.genesis.MpcCommittee committee) {
    this(
        chainId,
        params,
        committee,
        OffChainInputs.WINDOW_INTERVALS
            * io.parley.genesis.ConsensusParameters.DEFAULTS.emptyBlockIntervalMillis());
  }

  /**
   * {@code deliveryWindowMillis}: how long an off-chain input waits for its members'
   * acknowledgements (secret-inputs.md section 9).
   */
  public TransactionProcessor(
      long chainId,
      ExecutionParameters params,
      io.parley.genesis.MpcCommittee committee,
      long deliveryWindowMillis) {
    this.chainId = chainId;
    this.params = params;
    this.genesisCommittee = committee;
    this.contracts =
        new ContractTransactions(
            new io.parley.contracts.runtime.ContractRuntime(),
            params.maxTransactionSize(),
            committee,
            (runtime, seated) ->
                new SecretInputTransactions(
                    chainId,
                    (int) params.maxTransactionSize(),
                    runtime,
                    new ContractCommittees(seated),
                    params.payloadByteGas(),
                    deliveryWindowMillis),
            (runtime, seated) ->
                new ComputationVotes(chainId, seated, runtime, (int) params.maxTransactionSize()));
  }

  /** The committee as each contract's secret inputs see it. */
  public ContractCommittees committees() {
    return contracts.secretInputs().committees();
  }

  static final String NO_SECRET_INPUTS =
      "this chain's MPC committee has no encryption keys in genesis, so it takes no secret inputs"
          + " (kind 3)";

  /** The contract gas schedule execution charges (docs/spec/language.md section 10). */
  public GasSchedule gasSchedule() {
    return contracts.runtime().gasSchedule();
  }

  /** Checks that need no state: chain id, kind, signature, gas price and gas limit. */
  public Optional<Rejection> checkIntrinsic(SignedTransaction signed, long maxBlockGas) {
    Transaction tx = signed.transaction();
    if (tx.chainId() != chainId) {
      return reject(
          Rejection.Reason.WRONG_CHAIN_ID,
          "chain id " + tx.chainId() + " does not match this chain's " + chainId);
    }
    if (tx.kind() == TransactionKind.SECRET_INPUT && !committees().acceptsSecretInputs()) {
      return reject(Rejection.Reason.UNSUPPORTED_KIND, NO_SECRET_INPUTS);
    }
    if (signed.size() > params.maxTransactionSize()) {
      return reject(
          Rejection.Reason.OVERSIZED,
          "transaction is " + signed.size() + " bytes, limit " + params.maxTransactionSize());
    }
    boolean memberVote =
        tx.kind() == TransactionKind.COMPUTATION_VOTE
            && signed.sender().map(s -> CommitteeSeats.identity(genesisCommittee, s)).orElse(false);
    if (!memberVote && tx.gasPrice().compareTo(params.minGasPrice()) < 0) {
      return reject(
          Rejection.Reason.UNDERPRICED,
          "gas price "
              + tx.gasPrice().toDecimalString()
              + " is below the minimum "
              + params.minGasPrice().toDecimalString());
    }
    Optional<Rejection> gasLimit = checkGasLimit(tx, maxBlockGas);
    if (gasLimit.isPresent()) {
      return gasLimit;
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
   * Admission (mempool) checks: {@link #checkIntrinsic} and the shape of a contract payload. Only
   * admission refuses a malformed contract payload (code 4015); inside a block it fails and pays
   * its gas like any failed transaction, so block validity does not depend on this check.
   */
  public Optional<Rejection> checkAdmission(SignedTransaction signed, long maxBlockGas) {
    Optional<Rejection> intrinsic = checkIntrinsic(signed, maxBlockGas);
    if (intrinsic.isPresent()) {
      return intrinsic;
    }
    if (signed.transaction().kind() == TransactionKind.COMPUTATION_VOTE) {
      return contracts
          .votes()
          .admissionProblem(signed.transaction(), signed.sender().orElseThrow())
          .map(problem -> Rejection.of(Rejection.Reason.MALFORMED_VOTE, problem));
    }
    if (signed.transaction().kind() == TransactionKind.SECRET_INPUT) {
      return contracts
          .secretInputs()
          .admissionProblem(signed.transaction(), signed.sender().orElseThrow())
          .map(problem -> Rejection.of(Rejection.Reason.MALFORMED_SECRET_INPUT, problem));
    }
    return ContractPayloadShape.problem(signed.transaction(), params.maxTransactionSize())
        .map(problem -> Rejection.of(Rejection.Reason.MALFORMED_PAYLOAD, problem));
  }

  /**
   * Applies {@code signed} on top of {@code state}; the fee goes to {@code proposer}. Returns a
   * rejection (state untouched) or a receipt (state updated).
   */
  TransactionOutcome apply(
      StateOverlay state,
      SignedTransaction signed,
      Address proposer,
      long maxBlockGas,
      ContractTransactions.BlockContext block) {
    Optional<Rejection> intrinsic = checkIntrinsic(signed, maxBlockGas);
    if (intrinsic.isPresent()) {
      return new TransactionOutcome.Rejected(intrinsic.get());
    }
    Transaction tx = signed.transaction();
    Address sender = signed.sender().orElseThrow();
    Account from = state.get(sender);
    if (tx.nonce() != from.nonce()) {
      Rejection.Reason reason =
          tx.nonce() < from.nonce()
              ? Rejection.Reason.NONCE_TOO_LOW
              : Rejection.Reason.NONCE_TOO_HIGH;
      return new TransactionOutcome.Rejected(
          Rejection.of(
              reason, "nonce " + tx.nonce() + " but the account's next nonce is " + from.nonce()));
    }
    UInt256 maxCost = tx.maxCost().orElseThrow();
    if (from.balance().compareTo(maxCost) < 0) {
      return new TransactionOutcome.Rejected(
          Rejection.of(
              Rejection.Reason.INSUFFICIENT_BALANCE,
              "balance "
                  + from.balance().toDecimalString()
                  + " is below value + gasLimit * gasPrice = "
                  + maxCost.toDecimalString()));
    }
    Optional<String> codeLoad = contracts.codeLoadProblem(state, tx, block);
    if (codeLoad.isPresent()) {
      return new TransactionOutcome.Deferred(codeLoad.get());
    }
    return new TransactionOutcome.Executed(
        execute(state, tx, signed.hash(), sender, proposer, block));
  }

  /**
   * Runs {@code tx} as {@code sender}'s on {@code state} for a gas estimate: the checks that need
   * no signature, nonce or fee (gas limit, kind, balance for the value), then the execution. The
   * caller passes gas price 0, so no fee is moved; the nonce only fixes a deployment's address.
   */
  TransactionOutcome simulate(
      StateOverlay state,
      Transaction tx,
      Address sender,
      long maxBlockGas,
      ContractTransactions.BlockContext block) {
    if (!tx.gasPrice().isZero()) {
      throw new IllegalArgumentException("a simulated transaction has gas price 0");
    }
    if (tx.kind() == TransactionKind.SECRET_INPUT) {
      if (!committees().acceptsSecretInputs()) {
        return new TransactionOutcome.Rejected(
            Rejection.of(Rejection.Reason.UNSUPPORTED_KIND, NO_SECRET_INPUTS));
      }
      Optional<String> problem = contracts.secretInputs().admissionProblem(tx, sender);
      if (problem.isPresent()) {
        return new TransactionOutcome.Rejected(
            Rejection.of(Rejection.Reason.MALFORMED_SECRET_INPUT, problem.get()));
      }
    }
    if (tx.kind() == TransactionKind.COMPUTATION_VOTE) {
      Optional<String> problem = contracts.votes().admissionProblem(tx, sender);
      if (problem.isPresent()) {
        return new TransactionOutcome.Rejected(
            Rejection.of(Rejection.Reason.MALFORMED_VOTE, problem.get()));
      }
    }
    Optional<Rejection> gasLimit = checkGasLimit(tx, maxBlockGas);
    if (gasLimit.isPresent()) {
      return new TransactionOutcome.Rejected(gasLimit.get());
    }
    Optional<String> payload = ContractPayloadShape.problem(tx, params.maxTransactionSize());
    if (payload.isPresent()) {
      return new TransactionOutcome.Rejected(
          Rejection.of(Rejection.Reason.MALFORMED_PAYLOAD, payload.get()));
    }
    UInt256 balance = state.get(sender).balance();
    if (balance.compareTo(tx.value()) < 0) {
      return new TransactionOutcome.Rejected(
          Rejection.of(
              Rejection.Reason.INSUFFICIENT_BALANCE,
              "balance "
                  + balance.toDecimalString()
                  + " is below the value "
                  + tx.value().toDecimalString()));
    }
    Optional<String> codeLoad = contracts.codeLoadProblem(state, tx, block);
    if (codeLoad.isPresent()) {
      return new TransactionOutcome.Deferred(codeLoad.get());
    }
    return new TransactionOutcome.Executed(
        execute(state, tx, Bytes32.ZERO, sender, Address.ZERO, block));
  }

  /** Executes an includable transaction: nonce and intrinsic fee first, then its effects. */
  private Receipt execute(
      StateOverlay state,
      Transaction tx,
      Bytes32 hash,
      Address sender,
      Address proposer,
      ContractTransactions.BlockContext block) {
    Account from = state.get(sender);
    long gasUsed = params.intrinsicGas(tx.payload().size());
    UInt256 fee = Amounts.multiplyExact(tx.gasPrice(), gasUsed);
    // Nonce and fee are paid whatever happens next.
    state.put(
        sender,
        from.withNonce(from.nonce() + 1).withBalance(Amounts.subtractExact(from.balance(), fee)));
    credit(state, proposer, fee);
    if (tx.kind() != TransactionKind.TRANSFER) {
      return contracts.apply(state, tx, hash, sender, proposer, gasUsed, block);
    }
    state.beginTransaction();
    try {
      Account payer = state.get(sender);
      state.put(sender, payer.withBalance(Amounts.subtractExact(payer.balance(), tx.value())));
      credit(state, tx.to().orElseThrow(), tx.value());
      state.commitTransaction();
      return Receipt.success(hash, gasUsed, List.of());
    } catch (ArithmeticException e) {
      state.rollbackTransaction();
      return Receipt.failure(hash, gasUsed, "balance overflow: " + e.getMessage());
    }
  }

  private Optional<Rejection> checkGasLimit(Transaction tx, long maxBlockGas) {
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
    return Optional.empty();
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

package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.block.Receipt;
import io.parley.base.state.Account;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import io.parley.contracts.runtime.LoadedContract;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Deploy (kind 1) and call (kind 2) transactions (docs/spec/language.md section 8): decode the
 * payload, load the code, move the value and run the contract on the overlay. The caller wraps this
 * in a transaction checkpoint and rolls back on failure; gas used covers the deployment bytes and
 * the execution, not the intrinsic gas.
 */
final class ContractTransactions {
  /** What a contract transaction did, beyond its intrinsic gas. */
  record Result(boolean success, long gasUsed, List<Event> events, Optional<String> failure) {
    static Result failed(long gasUsed, String reason) {
      return new Result(false, gasUsed, List.of(), Optional.of(reason));
    }
  }

  /**
   * The block a transaction runs in; a {@code deadline} ({@link System#nanoTime}) only for an
   * estimate served to a client, never for a block (ADR 0045); the code the block loaded so far
   * (ADR 0050).
   */
  record BlockContext(
      long height, long timestampMillis, OptionalLong deadline, CodeLoads codeLoads) {
    BlockContext(long height, long timestampMillis) {
      this(height, timestampMillis, OptionalLong.empty());
    }

    BlockContext(long height, long timestampMillis, OptionalLong deadline) {
      this(height, timestampMillis, deadline, new CodeLoads());
    }
  }

  private final ContractRuntime runtime;
  private final io.parley.genesis.MpcCommittee genesis;
  private final SecretInputTransactions.Factory secretInputsFor;
  private final java.util.function.BiFunction<
          ContractRuntime, io.parley.genesis.MpcCommittee, ComputationVotes>
      votesFor;
  private final SecretInputTransactions secretInputs;

  private final ComputationVotes votes;
  private final int maxTransactionSize;

  /** The last committee with replaced seats, and its handlers (seats change rarely). */
  private record Seated(
      io.parley.genesis.MpcCommittee committee,
      SecretInputTransactions secretInputs,
      ComputationVotes votes) {}

  private volatile Seated seated;

  ContractTransactions(
      ContractRuntime runtime,
      int maxTransactionSize,
      io.parley.genesis.MpcCommittee genesis,
      SecretInputTransactions.Factory secretInputs,
      java.util.function.BiFunction<
              ContractRuntime, io.parley.genesis.MpcCommittee, ComputationVotes>
          votes) {
    this.runtime = runtime;
    this.maxTransactionSize = maxTransactionSize;
    this.genesis = genesis;
    this.secretInputsFor = secretInputs;
    this.votesFor = votes;
    this.secretInputs = secretInputs.create(runtime, genesis);
    this.votes = votes.apply(runtime, genesis);
  }

  /** Votes as genesis' committee takes them (admission, which reads no state). */
  ComputationVotes votes() {
    return votes;
  }

  /** Secret inputs as genesis' committee takes them (admission, which reads no state). */
  SecretInputTransactions secretInputs() {
    return secretInputs;
  }

  /** The handlers for the committee seated in {@code state} (ADR 0056). */
  private Seated seatedIn(StateOverlay state) {
    io.parley.genesis.MpcCommittee now =
        CommitteeSeats.current(genesis, MemberConduct.registry(new OverlayContractHost(state)));
    if (now == genesis) {
      return new Seated(genesis, secretInputs, votes);
    }
    Seated last = seated;
    if (last == null || !last.committee().equals(now)) {
      last = new Seated(now, secretInputsFor.create(runtime, now), votesFor.apply(runtime, now));
      seated = last;
    }
    return last;
  }

  ContractRuntime runtime() {
    return runtime;
  }

  /**
   * Why {@code tx} cannot run in this block: the contract code it runs would pass the block's
   * code-load budget ({@link CodeLoads}). Empty, and the load counted, if it fits or loads no code.
   */
  Optional<String> codeLoadProblem(StateOverlay state, Transaction tx, BlockContext block) {
    boolean runsCode =
        switch (tx.kind()) {
          case CALL, SECRET_INPUT, COMPUTATION_VOTE -> true;
          default -> false;
        };
    if (!runsCode || tx.to().isEmpty()) {
      return Optional.empty();
    }
    Account account = state.get(tx.to().get());
    Bytes32 codeHash = account.codeHash();
    if (!account.hasCode() || block.codeLoads().loaded(codeHash)) {
      return Optional.empty();
    }
    Optional<io.parley.contracts.abi.Bundle> bundle;
    try {
      bundle = runtime.deployedBundle(codeHash, () -> state.contracts().code(codeHash));
    } catch (DeployException e) {
      return Optional.empty(); // the call fails and says why
    }
    if (bundle.isEmpty() || block.codeLoads().admit(codeHash, bundle.get())) {
      return Optional.empty();
    }
    return Optional.of(
        "the block's code-load budget is spent ("
            + block.codeLoads().used()
            + " of "
            + CodeLoads.BUDGET
            + " units): the contract at "
            + tx.to().get()
            + " runs in a later block");
  }

  /**
   * Runs a contract transaction whose nonce and intrinsic fee are already paid: its effects are
   * kept only on success; the execution gas is charged in both cases.
   */
  Receipt apply(
      StateOverlay state,
      Transaction tx,
      Bytes32 hash,
      Address sender,
      Address proposer,
      long intrinsicGas,
      BlockContext block) {
    long available = tx.gasLimit() - intrinsicGas;
    state.beginTransaction();
    Result r;
    Optional<ComputationVotes.Finish> finish = Optional.empty();
    try {
      switch (tx.kind()) {
        case DEPLOY -> r = deploy(state, sender, tx, available, block);
        case SECRET_INPUT ->
            r = seatedIn(state).secretInputs().apply(state, sender, tx, hash, available, block);
        case COMPUTATION_VOTE -> {
          ComputationVotes.Outcome o = seatedIn(state).votes().apply(state, sender, tx, block);
          r = o.result();
          finish = o.finish();
        }
        default -> r = call(state, sender, tx, hash, available, block);
      }
    } catch (ArithmeticException e) {
      r = Result.failed(0, "balance overflow: " + e.getMessage());
      finish = Optional.empty();
    }
    if (r.success()) {
      state.commitTransaction();
    } else {
      state.rollbackTransaction();
    }
    if (r.success() && finish.isPresent()) {
      Result f =
          seatedIn(state).votes().finish(state, finish.get(), available - r.gasUsed(), block);
      java.util.List<Event> all = new java.util.ArrayList<>(r.events());
      all.addAll(f.events());
      r = new Result(true, r.gasUsed() + f.gasUsed(), all, Optional.empty());
    }
    long gasUsed = Math.min(r.gasUsed(), available);
    OverlayContractHost.move(
        state, sender, proposer, Amounts.multiplyExact(tx.gasPrice(), gasUsed));
    long total = intrinsicGas + gasUsed;
    return r.success()
        ? Receipt.success(hash, total, r.events())
        : Receipt.failure(hash, total, r.failure().orElseThrow());
  }

  Result deploy(StateOverlay state, Address sender, Transaction tx, long gas, BlockContext block) {
    Payloads.Deploy payload;
    try {
      payload = Payloads.decodeDeploy(tx.payload());
    } catch (AbiException e) {
      return Result.failed(0, "malformed deploy payload: " + e.getMessage());
    }
    Bytes bundle = payload.bundle();
    if (DeployParts.isReference(payload)) {
      Bytes32 codeHash = Bytes32.wrap(bundle);
      OverlayContractHost host = new OverlayContractHost(state);
      switch (CodeStore.assemble(host, sender, codeHash)) {
        case CodeStore.Assembly.Refused refused -> {
          return Result.failed(0, refused.reason());
        }
        case CodeStore.Assembly.Assembled assembled -> {
          bundle = assembled.bundle();
          // deleted now; a failed deploy rolls this back, so the parts stay for another try
          CodeStore.clear(host, sender, codeHash, assembled.parts());
        }
      }
    }
    long deployGas =
        runtime.gasSchedule().deploy() + runtime.gasSchedule().deployPerByte() * bundle.size();
    if (deployGas > gas) {
      return Result.failed(gas, "out of gas (deployment of " + bundle.size() + " bytes)");
    }
    LoadedContract code;
    try {
      code = runtime.load(bundle);
    } catch (DeployException e) {
      return Result.failed(deployGas, "deployment refused: " + e.getMessage());
    }
    Optional<String> unrunnable = secretInputs.committees().cannotRun(code);
    if (unrunnable.isPresent()) {
      return Result.failed(deployGas, "deployment refused: " + unrunnable.get());
    }
    Address address = Payloads.contractAddress(sender, tx.nonce());
    Account existing = state.get(address);
    if (existing.hasCode() || existing.nonce() != 0) {
      return Result.failed(deployGas, "contract address " + address + " is already in use");
    }
    state.put(address, existing.withCode(code.codeHash()));
    state.contracts().putCode(code.codeHash(), bundle);
    OverlayContractHost.move(state, sender, address, tx.value());
    CallContext context =
        new CallContext(
            sender,
            address,
            tx.value(),
            block.height(),
            block.timestampMillis(),
            gas - deployGas,
            false,
            block.deadline());
    CallResult r =
        runtime.deploy(code, new OverlayContractHost(state), context, payload.arguments());
    return outcome(r, deployGas);
  }

  Result call(
      StateOverlay state,
      Address sender,
      Transaction tx,
      Bytes32 hash,
      long gas,
      BlockContext block) {
    Address contract = tx.to().orElseThrow();
    if (contract.equals(ComputationRegistry.REGISTRY)) {
      return PrivateOutputs.request(new OverlayContractHost(state), sender, tx);
    }
    if (contract.equals(DeployParts.CODE_STORE)) {
      return CodeStore.upload(
          new OverlayContractHost(state),
          sender,
          tx,
          runtime.gasSchedule(),
          maxTransactionSize,
          gas);
    }
    LoadedContract code;
    try {
      code = DeployedCode.load(runtime, state, contract);
    } catch (DeployedCode.Unavailable e) {
      return Result.failed(0, e.getMessage());
    }
    Payloads.Call payload;
    try {
      payload = Payloads.decodeCall(tx.payload());
    } catch (AbiException e) {
      return Result.failed(0, "malformed call payload: " + e.getMessage());
    }
    OverlayContractHost.move(state, sender, contract, tx.value());
    CallContext context =
        new CallContext(
            sender,
            contract,
            tx.value(),
            block.height(),
            block.timestampMillis(),
            gas,
            false,
            block.deadline());
    OverlayContractHost host = new OverlayContractHost(state);
    CallResult r = runtime.call(code, host, context, payload.function(), payload.arguments());
    if (r.success()) {
      List<ComputationRegistry.Record> started =
          ComputationRegistry.started(
              host, code, contract, hash, r.events(), block.height(), sender, tx.gasPrice());
      if (!started.isEmpty()) {
        Optional<String> refused =
            MemberConduct.cannotStart(MemberConduct.registry(host), votes.committeeSize())
                .or(() -> charge(state, host, contract, sender, started));
        if (refused.isPresent()) {
          return Result.failed(r.gasUsed(), refused.get());
        }
        List<Event> events = new java.util.ArrayList<>(r.events());
        started.forEach(c -> events.add(ComputationRegistry.startedEvent(contract, c.id())));
        return new Result(true, r.gasUsed(), events, Optional.empty());
      }
    }
    return outcome(r, 0);
  }

  /**
   * The limits and fees of computations a call starts (computations.md section 5): at most {@link
   * Fees#MAX_IN_FLIGHT} in flight per contract; each one's fee moves from the caller to the
   * registry account, held until the result (paid to the members who signed it) or the failure
   * (refunded). A refusal fails the whole call, so nothing of it is kept.
   */
  private static Optional<String> charge(
      StateOverlay state,
      OverlayContractHost host,
      Address contract,
      Address sender,
      List<ComputationRegistry.Record> started) {
    long inFlight = ComputationRegistry.inFlight(host, contract) + started.size();
    if (inFlight > Fees.MAX_IN_FLIGHT) {
      return Optional.of(
          "the contract has "
              + (inFlight - started.size())
              + " computations in flight; the limit is "
              + Fees.MAX_IN_FLIGHT);
    }
    org.apache.tuweni.units.bigints.UInt256 total = org.apache.tuweni.units.bigints.UInt256.ZERO;
    for (ComputationRegistry.Record c : started) {
      total = io.parley.base.types.Amounts.addExact(total, c.fee());
    }
    if (state.get(sender).balance().compareTo(total) < 0) {
      return Optional.of(
          "the computation fee "
              + total.toDecimalString()
              + " exceeds the caller's balance "
              + state.get(sender).balance().toDecimalString());
    }
    OverlayContractHost.move(state, sender, ComputationRegistry.REGISTRY, total);
    ComputationRegistry.setInFlight(host, contract, inFlight);
    return Optional.empty();
  }

  private static Result outcome(CallResult r, long extraGas) {
    long gasUsed = extraGas + r.gasUsed();
    return r.success()
        ? new Result(true, gasUsed, r.events(), Optional.empty())
        : Result.failed(gasUsed, r.failureReason().orElseThrow());
  }
}

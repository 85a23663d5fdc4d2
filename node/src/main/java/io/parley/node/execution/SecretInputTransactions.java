package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.ManyParties;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedBatch;
import io.parley.zk.inputs.SealedInput;
import io.parley.zk.inputs.SecretInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Secret-input transactions (kind 3, docs/spec/secret-inputs.md section 8): admission checks that
 * need no state (structure, E, the proof of knowledge of e, a committee this chain has), and
 * execution: the contract's collection and committee, the gas for the members' work, then the
 * contract's {@code on input} rule through {@code input__C}, and the {@code InputSubmitted} event.
 */
final class SecretInputTransactions {
  /** Gas of a secret input beyond the intrinsic gas, and per committee member. */
  static final long GAS = 40_000;

  static final long GAS_PER_MEMBER = 20_000;

  /** Bytes kept free in a secret input's transaction for a complaint that carries it. */
  static final int COMPLAINT_ROOM = 1024;

  /** topics[0] of the chain's event for a stored secret input. */
  static final Bytes32 SUBMITTED =
      Hashing.keccak256(
          Bytes.wrap("InputSubmitted(bytes,u32,bytes32)".getBytes(StandardCharsets.US_ASCII)));

  /** Builds the handler once the runtime exists. */
  @FunctionalInterface
  interface Factory {
    SecretInputTransactions create(
        ContractRuntime runtime, io.parley.genesis.MpcCommittee committee);
  }

  private final long chainId;
  private final int maxTransactionSize;
  private final ContractRuntime runtime;
  private final ContractCommittees committees;
  private final long deliveryWindowMillis;
  private final long payloadByteGas;
  private final OffChainInputs offChain;

  SecretInputTransactions(
      long chainId,
      int maxTransactionSize,
      ContractRuntime runtime,
      ContractCommittees committees,
      long payloadByteGas,
      long deliveryWindowMillis) {
    this.payloadByteGas = payloadByteGas;
    this.chainId = chainId;
    this.maxTransactionSize = maxTransactionSize;
    this.runtime = runtime;
    this.committees = committees;
    this.deliveryWindowMillis = deliveryWindowMillis;
    this.offChain = new OffChainInputs(chainId, maxTransactionSize, runtime, committees);
  }

  ContractCommittees committees() {
    return committees;
  }

  /** The input's context: the transaction's fields and the payload's collection and committee. */
  private InputContext context(Transaction tx, Address sender, SealedInput input) {
    return new InputContext(
        chainId,
        sender,
        tx.nonce(),
        tx.to().orElseThrow(),
        input.collection(),
        input.target(),
        input.committeeHash());
  }

  /**
   * The committee hash is one this chain's committee can have, and the payload has one entry
   * ({@code what}) per member.
   */
  private Optional<String> committeeProblem(Bytes32 hash, int entries, String what) {
    // with standby members the committee changes in state (ADR 0056): admission, which reads no
    // state, leaves the hash to execution, which compares it with the committee seated then
    if (!committees.possibleHashes().contains(hash) && committees.genesis().standby().isEmpty()) {
      return Optional.of(
          "secret input: committeeHash "
              + hash
              + " is not this chain's committee (see zk_getCommittee)");
    }
    int n = committees.genesis().members().size();
    if (entries != n) {
      return Optional.of("secret input: expected " + n + " " + what + ", got " + entries);
    }
    return Optional.empty();
  }

  /** Section 9's admission: the version-3 payload's structure, committee and proof. */
  private Optional<String> batchAdmissionProblem(Transaction tx, Address sender) {
    SealedBatch batch;
    try {
      batch = SealedBatch.decode(tx.payload(), maxTransactionSize);
    } catch (SecretInputException e) {
      return Optional.of("secret input: " + e.getMessage());
    }
    Optional<String> committee =
        committeeProblem(batch.committeeHash(), batch.members().size(), "member digests");
    if (committee.isPresent()) {
      return committee;
    }
    InputContext context =
        new InputContext(
            chainId,
            sender,
            tx.nonce(),
            tx.to().orElseThrow(),
            batch.collection(),
            0,
            batch.committeeHash());
    if (!batch.provesKnowledge(context)) {
      return Optional.of(
          "secret input: the proof of knowledge of e does not verify for this sender, nonce,"
              + " contract and collection");
    }
    return Optional.empty();
  }

  /** Why admission must refuse this secret input (no state needed), if it must. */
  Optional<String> admissionProblem(Transaction tx, Address sender) {
    if (!tx.value().isZero()) {
      return Optional.of("a secret input carries no value");
    }
    if (tx.to().isPresent() && SealedBatch.version(tx.payload()) == SealedBatch.VERSION) {
      return batchAdmissionProblem(tx, sender);
    }
    if (tx.payload().size() > maxTransactionSize - COMPLAINT_ROOM) {
      // a member's complaint carries the whole input transaction (secret-inputs.md section 8)
      return Optional.of(
          "secret input: the payload is "
              + tx.payload().size()
              + " bytes; at most "
              + (maxTransactionSize - COMPLAINT_ROOM)
              + " so that a complaint carrying it fits in a transaction");
    }
    SealedInput input;
    try {
      input = SealedInput.decode(tx.payload(), maxTransactionSize);
    } catch (SecretInputException e) {
      return Optional.of("secret input: " + e.getMessage());
    }
    Optional<String> committee =
        committeeProblem(input.committeeHash(), input.shares().size(), "member shares");
    if (committee.isPresent()) {
      return committee;
    }
    try {
      if (!input.provesKnowledge(context(tx, sender, input))) {
        return Optional.of(
            "secret input: the proof of knowledge of e does not verify for this sender, nonce,"
                + " contract, collection and target");
      }
    } catch (SecretInputException e) {
      return Optional.of("secret input: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** Runs an includable secret input whose nonce and intrinsic fee are paid. */
  ContractTransactions.Result apply(
      StateOverlay state,
      Address sender,
      Transaction tx,
      Bytes32 hash,
      long gas,
      ContractTransactions.BlockContext block) {
    Optional<String> problem = admissionProblem(tx, sender);
    if (problem.isPresent()) {
      return ContractTransactions.Result.failed(0, problem.get());
    }
    Address contract = tx.to().orElseThrow();
    LoadedContract code;
    try {
      code = DeployedCode.load(runtime, state, contract);
    } catch (DeployedCode.Unavailable e) {
      return ContractTransactions.Result.failed(0, e.getMessage());
    }
    if (SealedBatch.version(tx.payload()) == SealedBatch.VERSION) {
      return applyBatch(state, sender, tx, hash, gas, block, code);
    }
    SealedInput input = SealedInput.decode(tx.payload(), maxTransactionSize);
    Resolved resolved = resolve(code, input.collection(), input.committeeHash());
    if (resolved.failure().isPresent()) {
      return ContractTransactions.Result.failed(0, resolved.failure().get());
    }
    Optional<Abi.CollectionDef> collection = Optional.of(resolved.collection());
    InputCommittee committee = resolved.committee();
    try {
      input.checkShape(committee.size(), collection.get().fields().size(), committee.format());
    } catch (SecretInputException e) {
      return ContractTransactions.Result.failed(0, "secret input: " + e.getMessage());
    }
    long members = GAS + GAS_PER_MEMBER * committee.size();
    if (members > gas) {
      return ContractTransactions.Result.failed(
          gas,
          "out of gas (a secret input for "
              + committee.size()
              + " members costs "
              + members
              + " gas beyond the intrinsic gas)");
    }
    if (input.target() > collection.get().capacity()) {
      return ContractTransactions.Result.failed(
          members, "secret input: target " + input.target() + " is beyond the collection");
    }
    CallContext context =
        new CallContext(
            sender,
            contract,
            tx.value(),
            block.height(),
            block.timestampMillis(),
            gas - members,
            false);
    String rule = ManyParties.INPUT + input.collection();
    Bytes args =
        Values.encodeList(
            List.<Type>of(new Type.Int(32, false, false)),
            List.of(BigInteger.valueOf(input.target())));
    CallResult r = runtime.callSystem(code, new OverlayContractHost(state), context, rule, args);
    if (!r.success()) {
      return ContractTransactions.Result.failed(
          members + r.gasUsed(), r.failureReason().orElseThrow());
    }
    long index = ((BigInteger) r.returnValue().orElseThrow()).longValueExact();
    OverlayContractHost host = new OverlayContractHost(state);
    List<Event> events = new ArrayList<>(r.events());
    events.add(submitted(contract, input.collection(), index, inputId(hash)));
    // where it is, for a member's complaint about it (secret-inputs.md section 8)
    InputComplaints.recordSlot(host, inputId(hash), input.collection(), index);
    if (collection.get().validCircuit().isPresent()) {
      // the committee checks the where rule on the shares before the input counts (section 4 of
      // computations.md): a validity check starts now, unless a member is excluded
      Optional<String> excluded =
          MemberConduct.cannotStart(MemberConduct.registry(host), committees.size());
      if (excluded.isPresent()) {
        return ContractTransactions.Result.failed(members + r.gasUsed(), excluded.get());
      }
      Bytes32 check =
          ComputationRegistry.startValidity(
              host, contract, input.collection(), index, inputId(hash), hash, block.height());
      events.add(ComputationRegistry.startedEvent(contract, check));
    } else {
      ComputationRegistry.recordInput(host, contract, input.collection(), index, inputId(hash));
    }
    return new ContractTransactions.Result(true, members + r.gasUsed(), events, Optional.empty());
  }

  /** The collection and committee an input names, or why the block refuses it. */
  private record Resolved(
      Abi.CollectionDef collection, InputCommittee committee, Optional<String> failure) {
    static Resolved refused(String why) {
      return new Resolved(null, null, Optional.of("secret input: " + why));
    }
  }

  /** The contract has the collection, and the input is sealed for the committee that runs it. */
  private Resolved resolve(LoadedContract code, String collection, Bytes32 committeeHash) {
    Optional<Abi.CollectionDef> c = code.abi().collection(collection);
    if (c.isEmpty()) {
      return Resolved.refused("the contract has no collection '" + collection + "'");
    }
    InputCommittee committee;
    try {
      committee = committees.forContract(code);
    } catch (IllegalArgumentException e) {
      return Resolved.refused("the committee cannot run this contract: " + e.getMessage());
    }
    if (!committee.hash().equals(committeeHash)) {
      return Resolved.refused(
          "this contract's inputs are sealed for committee "
              + committee.hash()
              + " ("
              + committee.format().id()
              + ")");
    }
    return new Resolved(c.get(), committee, Optional.empty());
  }

  /**
   * An off-chain input (section 9): checks as for an on-chain one, then {@code input__C(0)} once
   * per element, and the elements wait for delivery.
   */
  private ContractTransactions.Result applyBatch(
      StateOverlay state,
      Address sender,
      Transaction tx,
      Bytes32 hash,
      long gas,
      ContractTransactions.BlockContext block,
      LoadedContract code) {
    Address contract = tx.to().orElseThrow();
    SealedBatch batch = SealedBatch.decode(tx.payload(), maxTransactionSize);
    Resolved resolved = resolve(code, batch.collection(), batch.committeeHash());
    if (resolved.failure().isPresent()) {
      return ContractTransactions.Result.failed(0, resolved.failure().get());
    }
    Optional<Abi.CollectionDef> collection = Optional.of(resolved.collection());
    InputCommittee committee = resolved.committee();
    int m = collection.get().fields().size();
    try {
      batch.checkShape(committee.size(), m, committee.format(), offChain.maxCiphertext());
    } catch (SecretInputException e) {
      return ContractTransactions.Result.failed(0, "secret input: " + e.getMessage());
    }
    long kept = (long) committee.size() * batch.ciphertextLength(m, committee.format());
    long members =
        GAS
            + GAS_PER_MEMBER * committee.size()
            + OffChainInputs.GAS_PER_ELEMENT * batch.count()
            + payloadByteGas * kept;
    if (members > gas) {
      return ContractTransactions.Result.failed(
          gas,
          "out of gas (an off-chain input of "
              + batch.count()
              + " elements for "
              + committee.size()
              + " members costs "
              + members
              + " gas beyond the intrinsic gas and its on-input rules)");
    }
    Optional<String> excluded =
        MemberConduct.cannotStart(
            MemberConduct.registry(new OverlayContractHost(state)), committees.size());
    if (excluded.isPresent() && collection.get().validCircuit().isPresent()) {
      return ContractTransactions.Result.failed(members, excluded.get());
    }
    String rule = ManyParties.INPUT + batch.collection();
    Bytes args =
        Values.encodeList(List.<Type>of(new Type.Int(32, false, false)), List.of(BigInteger.ZERO));
    List<Event> events = new ArrayList<>();
    List<Long> indexes = new ArrayList<>();
    long used = members;
    for (int e = 0; e < batch.count(); e++) {
      CallContext context =
          new CallContext(
              sender,
              contract,
              tx.value(),
              block.height(),
              block.timestampMillis(),
              gas - used,
              false);
      CallResult r = runtime.callSystem(code, new OverlayContractHost(state), context, rule, args);
      used += r.gasUsed();
      if (!r.success()) {
        return ContractTransactions.Result.failed(
            Math.min(gas, used), "element " + e + ": " + r.failureReason().orElseThrow());
      }
      long index = ((BigInteger) r.returnValue().orElseThrow()).longValueExact();
      indexes.add(index);
      events.addAll(r.events());
      events.add(submitted(contract, batch.collection(), index, OffChainInputs.elementId(hash, e)));
    }
    events.add(
        OffChainInputs.await(
            new OverlayContractHost(state),
            contract,
            batch.collection(),
            hash,
            indexes,
            block.timestampMillis() + deliveryWindowMillis));
    return new ContractTransactions.Result(true, used, events, Optional.empty());
  }

  /** id = keccak256(transaction hash || u16(0)): the first (only) input of the transaction. */
  static Bytes32 inputId(Bytes32 transactionHash) {
    return Hashing.keccak256(transactionHash, Bytes.of(0, 0));
  }

  static Event submitted(Address contract, String collection, long index, Bytes32 id) {
    Bytes data =
        RLP.encodeList(
            w -> {
              w.writeValue(Bytes.wrap(collection.getBytes(StandardCharsets.US_ASCII)));
              w.writeLong(index);
              w.writeValue(id);
            });
    return new Event(contract, List.of(SUBMITTED), data);
  }
}

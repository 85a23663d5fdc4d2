package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.computation.SessionIds;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.inputs.Disclosure;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.PlainFormat;
import io.parley.zk.inputs.SealedBatch;
import io.parley.zk.inputs.SealedInput;
import io.parley.zk.messages.Committee;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * A Shamir member's disclosure after the arrival check of a dealt element located it
 * (secret-inputs.md section 6.1; kind 4, form 11): the input's transaction, the member's plaintext
 * (which must open c_j) and the check's 2n signed openings. Every validator recomputes the member's
 * w_j: if it is what the member signed, the sender dealt inconsistently and the input is rejected
 * with reason 7; if not, the member lied in the check and is excluded, the check retried.
 */
public final class InputDisclosures {
  /** {@code InputRejected} and {@code ComputationFailed} reason: inconsistent dealing, shown. */
  static final int INCONSISTENT_DEALING = 7;

  /** Form 11. */
  public record Payload(
      Bytes32 computation,
      int attempt,
      Bytes inputTransaction,
      int element,
      Bytes plain,
      Bytes openings) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(11);
            w.writeValue(computation);
            w.writeLong(attempt);
            w.writeValue(inputTransaction);
            w.writeLong(element);
            w.writeValue(plain);
            w.writeValue(openings);
          });
    }

    static Payload decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "input disclosure",
          r -> {
            if (Rlp.readUint63(r, "form") != 11) {
              throw new IllegalArgumentException("not an input disclosure");
            }
            Bytes32 id = Rlp.readBytes32(r, "computation");
            long attempt = Rlp.readUint63(r, "attempt");
            Bytes tx = r.readValue();
            long element = Rlp.readUint63(r, "element");
            Bytes plain = r.readValue();
            Bytes openings = r.readValue();
            Rlp.requireComplete(r, "input disclosure");
            if (attempt >= ComputationRegistry.MAX_ATTEMPTS || element >= SealedBatch.MAX_COUNT) {
              throw new IllegalArgumentException("attempt or element out of range");
            }
            return new Payload(id, (int) attempt, tx, (int) element, plain, openings);
          },
          Payload::encode);
    }
  }

  private final long chainId;
  private final int maxTransactionSize;
  private final ContractCommittees committees;
  private final Supplier<Committee> engineCommittee;

  InputDisclosures(
      long chainId,
      int maxTransactionSize,
      ContractCommittees committees,
      Supplier<Committee> engineCommittee) {
    this.chainId = chainId;
    this.maxTransactionSize = maxTransactionSize;
    this.committees = committees;
    this.engineCommittee = engineCommittee;
  }

  /** Why admission refuses a form-11 payload, if it does. */
  Optional<String> admissionProblem(Transaction tx) {
    try {
      SignedTransaction input =
          SignedTransaction.decode(
              Payload.decode(tx.payload()).inputTransaction(), maxTransactionSize);
      if (input.transaction().kind() != TransactionKind.SECRET_INPUT
          || !input.transaction().to().equals(tx.to())
          || input.sender().isEmpty()) {
        return Optional.of(
            "input disclosure: the transaction is not a signed secret input to the contract in"
                + " 'to'");
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("input disclosure: " + e.getMessage());
    }
  }

  /**
   * Member j's disclosure: the sender's fault fails the check with reason 7 (the input is rejected
   * when the check settles); the member's lie excludes it and, for the current attempt, retries the
   * check. A disclosure that proves neither is a failed receipt and changes nothing.
   */
  ComputationVotes.Outcome apply(
      OverlayContractHost host,
      int j,
      Transaction tx,
      long height,
      Function<Address, Optional<LoadedContract>> code) {
    try {
      return judge(host, j, tx, height, code);
    } catch (RuntimeException e) {
      return new ComputationVotes.Outcome(
          ContractTransactions.Result.failed(0, "input disclosure: " + e.getMessage()),
          Optional.empty());
    }
  }

  private ComputationVotes.Outcome judge(
      OverlayContractHost host,
      int j,
      Transaction tx,
      long height,
      Function<Address, Optional<LoadedContract>> code) {
    Payload p = Payload.decode(tx.payload());
    SignedTransaction input = SignedTransaction.decode(p.inputTransaction(), maxTransactionSize);
    Address contract = tx.to().orElseThrow();
    Bytes32 hash = input.hash();
    boolean offChain = SealedBatch.version(input.transaction().payload()) == 3;
    Bytes32 expected =
        offChain
            ? OffChainInputs.checkId(hash, p.element())
            : p.element() == 0 ? ComputationRegistry.validityId(hash) : Bytes32.ZERO;
    if (!expected.equals(p.computation())) {
      throw new IllegalArgumentException(
          "computation " + p.computation() + " is not the arrival check of that element");
    }
    ComputationRegistry.Record record =
        ComputationRegistry.read(MemberConduct.registry(host), p.computation())
            .orElseThrow(() -> new IllegalArgumentException("no computation " + p.computation()));
    if (record.status() != ComputationRegistry.Status.QUEUED
        || !record.contract().equals(contract)) {
      throw new IllegalArgumentException("the check is not queued for this contract");
    }
    if (p.attempt() > record.attempt()) {
      throw new IllegalArgumentException("attempt " + p.attempt() + " has not started");
    }
    LoadedContract loaded =
        code.apply(contract)
            .orElseThrow(
                () -> new IllegalArgumentException("the contract's code cannot be loaded"));
    InputCommittee committee = committees.forContract(loaded);
    PlainFormat format = committee.format();
    if (format != PlainFormat.SHAMIR) {
      throw new IllegalArgumentException("only a Shamir committee's check is disclosed");
    }
    Bytes payload = input.transaction().payload();
    // what c_j opens: an on-chain input's payload (version 2) or an off-chain one's (version 3)
    String collection;
    long target;
    Bytes32 committeeHash;
    Bytes ephemeral;
    List<Bytes32> commitments = new ArrayList<>();
    int count;
    if (offChain) {
      SealedBatch batch = SealedBatch.decode(payload, maxTransactionSize);
      collection = batch.collection();
      target = 0;
      committeeHash = batch.committeeHash();
      ephemeral = batch.ephemeral();
      batch.members().forEach(d -> commitments.add(d.commitment()));
      count = batch.count();
    } else {
      SealedInput sealed = SealedInput.decode(payload, maxTransactionSize);
      collection = sealed.collection();
      target = sealed.target();
      committeeHash = sealed.committeeHash();
      ephemeral = sealed.ephemeral();
      sealed.shares().forEach(s -> commitments.add(s.commitment()));
      count = 1;
    }
    InputContext context =
        new InputContext(
            chainId,
            input.sender().orElseThrow(),
            input.transaction().nonce(),
            contract,
            collection,
            target,
            committeeHash);
    byte[] plain = p.plain().toArrayUnsafe();
    if (j >= commitments.size()
        || !Disclosure.opens(ephemeral, commitments.get(j), context, j, plain)) {
      throw new IllegalArgumentException("the plaintext does not open member " + j + "'s c_j");
    }
    int m = loaded.abi().collection(collection).orElseThrow().fields().size();
    int d = format.dealt(m);
    if (p.element() >= count) {
      throw new IllegalArgumentException("the input has " + count + " element(s)");
    }
    format.parse(plain, d * count, j); // the whole plaintext is well formed
    ShareVector dealt = format.parse(format.element(plain, d, p.element()), d, j);
    Bytes32 session =
        SessionIds.derive(ComputationRegistry.attemptSession(record.id(), p.attempt()), "input");
    Disclosure.Verdict verdict =
        Disclosure.judge(
            engineCommittee.get(),
            session,
            j,
            ((ShareVector.Field) dealt).shares(),
            Disclosure.decode(p.openings().toArrayUnsafe()));
    if (verdict == Disclosure.Verdict.SENDER) {
      return new ComputationVotes.Outcome(
          new ContractTransactions.Result(true, 0, List.of(), Optional.empty()),
          Optional.of(
              new ComputationVotes.Finish(
                  loaded, record, Optional.empty(), Bytes32.ZERO, INCONSISTENT_DEALING)));
    }
    List<Event> events = new ArrayList<>();
    MemberConduct.excludeOnce(
            host, contract, j, Hashing.keccak256(tx.payload()), record.id(), height)
        .ifPresent(events::add);
    if (p.attempt() == record.attempt()
        && record.attempt() + 1 < ComputationRegistry.MAX_ATTEMPTS) {
      events.add(ComputationRegistry.retry(host, record));
    }
    return new ComputationVotes.Outcome(
        new ContractTransactions.Result(true, 0, events, Optional.empty()), Optional.empty());
  }
}

package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.inputs.Complaint;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Off-chain secret inputs on the chain (secret-inputs.md section 9): the elements of a version-3
 * submission wait for delivery; members acknowledge (kind 4, form 8), complain with the ciphertext
 * (form 9) or, after the deadline, expire the input (form 10). When every seat acknowledged, each
 * element's arrival check starts; an expired input is rejected without blame.
 */
public final class OffChainInputs {
  /** {@code InputRejected}'s reason for an off-chain input not delivered in time. */
  public static final int UNDELIVERED = 4;

  /** The delivery window in empty-block intervals. */
  public static final int WINDOW_INTERVALS = 30;

  /** Bytes kept free in a complaint's transaction beyond the ciphertext and the input. */
  public static final int COMPLAINT_ROOM = 8_192;

  /** Gas per element of an off-chain input, beyond its {@code on input} rule. */
  static final long GAS_PER_ELEMENT = 5_000;

  public static final Bytes32 AWAITING =
      Hashing.keccak256(ascii("InputsAwaitingDelivery(bytes32,u32,u64,u32[])"));

  public static final Bytes32 DELIVERED = Hashing.keccak256(ascii("InputsDelivered(bytes32,u32)"));

  /** Form 8 (acknowledgement) and 10 (expiry): the input's transaction hash. */
  public record Notice(int form, Bytes32 input) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(form);
            w.writeValue(input);
          });
    }

    static Notice decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "off-chain input notice",
          r -> {
            long form = Rlp.readUint63(r, "form");
            if (form != 8 && form != 10) {
              throw new IllegalArgumentException("not an acknowledgement or expiry");
            }
            Bytes input = r.readValue();
            Rlp.requireComplete(r, "off-chain input notice");
            if (input.size() != 32) {
              throw new IllegalArgumentException("the input's transaction hash is not 32 bytes");
            }
            return new Notice((int) form, Bytes32.wrap(input));
          },
          Notice::encode);
    }
  }

  /** Form 9: the input's signed transaction, member j's ciphertext and its complaint. */
  public record ComplaintPayload(Bytes inputTransaction, Bytes ciphertext, Bytes complaint) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(9);
            w.writeValue(inputTransaction);
            w.writeValue(ciphertext);
            w.writeValue(complaint);
          });
    }

    static ComplaintPayload decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "off-chain input complaint",
          r -> {
            if (Rlp.readUint63(r, "form") != 9) {
              throw new IllegalArgumentException("not an off-chain input complaint");
            }
            ComplaintPayload p = new ComplaintPayload(r.readValue(), r.readValue(), r.readValue());
            Rlp.requireComplete(r, "off-chain input complaint");
            if (p.complaint().size() != 128) {
              throw new IllegalArgumentException("a complaint is 128 bytes");
            }
            return p;
          },
          ComplaintPayload::encode);
    }
  }

  /** What the chain keeps of an input awaiting delivery. */
  record Waiting(
      Address contract, String collection, long deadline, long acks, List<Long> indexes) {
    Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeValue(contract.bytes());
            w.writeValue(ascii(collection));
            w.writeLong(deadline);
            w.writeLong(acks);
            w.writeList(indexes, (lw, i) -> lw.writeLong(i));
          });
    }

    static Waiting decode(Bytes b) {
      return RLP.decodeList(
          b,
          r ->
              new Waiting(
                  new Address(r.readValue()),
                  new String(r.readValue().toArrayUnsafe(), StandardCharsets.US_ASCII),
                  r.readLong(),
                  r.readLong(),
                  OffChainInputs.indexes(r)));
    }
  }

  /** Reads an RLP list of scalars (the elements' indexes). */
  public static List<Long> indexes(org.apache.tuweni.rlp.RLPReader r) {
    return r.readList(
        lr -> {
          List<Long> out = new ArrayList<>();
          while (!lr.isComplete()) {
            out.add(lr.readLong());
          }
          return out;
        });
  }

  private final long chainId;
  private final int maxTransactionSize;
  private final ContractCommittees committees;
  private final InputComplaints complaints;

  OffChainInputs(
      long chainId,
      int maxTransactionSize,
      ContractRuntime runtime,
      ContractCommittees committees) {
    this.chainId = chainId;
    this.maxTransactionSize = maxTransactionSize;
    this.committees = committees;
    this.complaints = new InputComplaints(chainId, maxTransactionSize, runtime, committees);
  }

  static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  static Bytes32 waitingKey(Bytes32 transaction) {
    return Hashing.keccak256(ascii("parley/offchain-input"), transaction);
  }

  /** id_e = keccak256(transaction hash || u16(e)). */
  public static Bytes32 elementId(Bytes32 transaction, int e) {
    return Hashing.keccak256(transaction, Bytes.of((e >> 8) & 0xff, e & 0xff));
  }

  /** The arrival check of element e: keccak256(transaction hash || u16(e) || 0xffff). */
  public static Bytes32 checkId(Bytes32 transaction, int e) {
    return Hashing.keccak256(transaction, Bytes.of((e >> 8) & 0xff, e & 0xff, 0xff, 0xff));
  }

  /** The largest ciphertext per member an off-chain input may name. */
  int maxCiphertext() {
    return maxTransactionSize - COMPLAINT_ROOM;
  }

  static Optional<Waiting> waiting(ContractHost host, Bytes32 transaction) {
    return host.storageGet(ComputationRegistry.REGISTRY, waitingKey(transaction))
        .filter(b -> !b.isEmpty())
        .map(Waiting::decode);
  }

  /**
   * Records the elements stored by a version-3 submission as waiting for delivery (their indexes
   * hold no accepted input meanwhile) and returns the receipt's {@code InputsAwaitingDelivery}.
   */
  static Event await(
      ContractHost host,
      Address contract,
      String collection,
      Bytes32 transaction,
      List<Long> indexes,
      long deadline) {
    for (int e = 0; e < indexes.size(); e++) {
      Bytes32 id = elementId(transaction, e);
      InputComplaints.recordSlot(host, id, collection, indexes.get(e));
      host.storageSet(
          ComputationRegistry.REGISTRY,
          ComputationRegistry.inputIdKey(contract, collection, indexes.get(e)),
          Bytes32.ZERO);
      host.storageSet(
          ComputationRegistry.REGISTRY,
          ComputationRegistry.pendingInputKey(contract, collection, indexes.get(e)),
          id);
    }
    host.storageSet(
        ComputationRegistry.REGISTRY,
        waitingKey(transaction),
        new Waiting(contract, collection, deadline, 0, indexes).encode());
    return new Event(
        contract,
        List.of(AWAITING),
        RLP.encodeList(
            w -> {
              w.writeValue(transaction);
              w.writeLong(indexes.size());
              w.writeLong(deadline);
              w.writeList(indexes, (lw, i) -> lw.writeLong(i));
            }));
  }

  /** Why admission refuses a form 8, 9 or 10 payload, if it does. */
  Optional<String> admissionProblem(Transaction tx, long form) {
    try {
      if (form != 9) {
        Notice.decode(tx.payload());
        return Optional.empty();
      }
      ComplaintPayload p = ComplaintPayload.decode(tx.payload());
      SignedTransaction input = SignedTransaction.decode(p.inputTransaction(), maxTransactionSize);
      if (input.transaction().kind() != TransactionKind.SECRET_INPUT
          || !input.transaction().to().equals(tx.to())
          || input.sender().isEmpty()
          || SealedBatch.version(input.transaction().payload()) != SealedBatch.VERSION) {
        return Optional.of(
            "off-chain input complaint: the transaction is not a signed off-chain secret input to"
                + " the contract in 'to'");
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("off-chain input: " + e.getMessage());
    }
  }

  ContractTransactions.Result apply(
      StateOverlay state,
      int j,
      int seats,
      Transaction tx,
      long form,
      ContractTransactions.BlockContext block,
      Function<Address, Optional<LoadedContract>> code) {
    OverlayContractHost host = new OverlayContractHost(state);
    Bytes32 transaction;
    SignedTransaction input = null;
    ComplaintPayload complaint = null;
    if (form == 9) {
      complaint = ComplaintPayload.decode(tx.payload());
      input = SignedTransaction.decode(complaint.inputTransaction(), maxTransactionSize);
      transaction = input.hash();
    } else {
      transaction = Notice.decode(tx.payload()).input();
    }
    Optional<Waiting> found = waiting(host, transaction);
    if (found.isEmpty()) {
      return failed("off-chain input: " + transaction + " is not waiting for delivery");
    }
    Waiting w = found.get();
    if (!tx.to().map(w.contract()::equals).orElse(false)) {
      return failed("off-chain input: " + transaction + " is another contract's");
    }
    Optional<LoadedContract> loaded = code.apply(w.contract());
    if (loaded.isEmpty()) {
      return failed("off-chain input: the contract's code cannot be loaded");
    }
    if (form == 10) {
      if (block.timestampMillis() < w.deadline()) {
        return failed(
            "off-chain input: the delivery window is open until " + w.deadline() + " (ms)");
      }
      return rejectAll(state, host, loaded.get(), transaction, w, UNDELIVERED, block);
    }
    if (form == 8) {
      if ((w.acks() >>> j & 1) != 0) {
        return failed("off-chain input: member " + j + " already acknowledged " + transaction);
      }
      Waiting acked =
          new Waiting(w.contract(), w.collection(), w.deadline(), w.acks() | 1L << j, w.indexes());
      if (Long.bitCount(acked.acks()) < seats) {
        host.storageSet(ComputationRegistry.REGISTRY, waitingKey(transaction), acked.encode());
        return new ContractTransactions.Result(true, 0, List.of(), Optional.empty());
      }
      return delivered(host, loaded.get(), transaction, w, block);
    }
    return judge(state, host, loaded.get(), j, tx, input, complaint, transaction, w, block);
  }

  /** Every seat holds its shares: each element's arrival check starts. */
  private static ContractTransactions.Result delivered(
      ContractHost host,
      LoadedContract code,
      Bytes32 transaction,
      Waiting w,
      ContractTransactions.BlockContext block) {
    host.storageSet(ComputationRegistry.REGISTRY, waitingKey(transaction), Bytes.EMPTY);
    List<Event> events = new ArrayList<>();
    events.add(
        new Event(
            w.contract(),
            List.of(DELIVERED),
            RLP.encodeList(
                x -> {
                  x.writeValue(transaction);
                  x.writeLong(w.indexes().size());
                })));
    boolean checked =
        code.abi().collection(w.collection()).flatMap(c -> c.validCircuit()).isPresent();
    for (int e = 0; e < w.indexes().size(); e++) {
      long index = w.indexes().get(e);
      Bytes32 id = elementId(transaction, e);
      if (!checked) {
        host.storageSet(
            ComputationRegistry.REGISTRY,
            ComputationRegistry.pendingInputKey(w.contract(), w.collection(), index),
            Bytes32.ZERO);
        ComputationRegistry.recordInput(host, w.contract(), w.collection(), index, id);
        continue;
      }
      Bytes32 check =
          ComputationRegistry.startValidity(
              host,
              w.contract(),
              w.collection(),
              index,
              id,
              transaction,
              checkId(transaction, e),
              block.height());
      events.add(ComputationRegistry.startedEvent(w.contract(), check));
    }
    return new ContractTransactions.Result(true, 0, events, Optional.empty());
  }

  private ContractTransactions.Result judge(
      StateOverlay state,
      ContractHost host,
      LoadedContract code,
      int j,
      Transaction tx,
      SignedTransaction input,
      ComplaintPayload p,
      Bytes32 transaction,
      Waiting w,
      ContractTransactions.BlockContext block) {
    Complaint.Verdict verdict;
    try {
      SealedBatch batch = SealedBatch.decode(input.transaction().payload(), maxTransactionSize);
      if (!batch.matches(j, p.ciphertext())) {
        return failed(
            "off-chain input complaint: the ciphertext is not the one member "
                + j
                + "'s digest names");
      }
      InputCommittee committee = committees.forContract(code);
      InputContext context =
          new InputContext(
              chainId,
              input.sender().orElseThrow(),
              input.transaction().nonce(),
              w.contract(),
              batch.collection(),
              0,
              batch.committeeHash());
      int values = committee.format().values(p.ciphertext().size() - 16);
      verdict =
          Complaint.decode(j, p.complaint())
              .judge(
                  batch.withCiphertext(j, p.ciphertext()), committee, context, Math.max(values, 1));
    } catch (RuntimeException e) {
      return failed("off-chain input complaint: " + e.getMessage());
    }
    return switch (verdict) {
      case INVALID_COMPLAINT ->
          failed("off-chain input complaint: member " + j + "'s proof does not verify");
      case MEMBER ->
          InputComplaints.falseComplaint(
              host, j, elementId(transaction, 0), tx, block.height(), w.contract());
      case SENDER ->
          rejectAll(state, host, code, transaction, w, InputComplaints.UNDECRYPTABLE, block);
    };
  }

  /** Every element is rejected with {@code reason}; their indexes are freed. */
  private ContractTransactions.Result rejectAll(
      StateOverlay state,
      ContractHost host,
      LoadedContract code,
      Bytes32 transaction,
      Waiting w,
      int reason,
      ContractTransactions.BlockContext block) {
    host.storageSet(ComputationRegistry.REGISTRY, waitingKey(transaction), Bytes.EMPTY);
    List<Event> events = new ArrayList<>();
    long gas = 0;
    for (int e = 0; e < w.indexes().size(); e++) {
      ContractTransactions.Result r =
          complaints.reject(
              host,
              code,
              w.contract(),
              w.collection(),
              w.indexes().get(e),
              elementId(transaction, e),
              true,
              reason,
              block);
      if (!r.success()) {
        return r;
      }
      events.addAll(r.events());
      gas += r.gasUsed();
    }
    return new ContractTransactions.Result(true, gas, events, Optional.empty());
  }

  private static ContractTransactions.Result failed(String reason) {
    return ContractTransactions.Result.failed(0, reason);
  }
}

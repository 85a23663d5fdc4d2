package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.ManyParties;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.inputs.Complaint;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedInput;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A member's complaint about a stored secret input it cannot open (secret-inputs.md sections 5 and
 * 8; kind 4, form 7): it carries the input's transaction and the member's proven S_j; every
 * validator checks the proof and opens member j's ciphertext with S_j. If it does not open to a
 * well-formed plaintext the sender is at fault and the input is rejected ({@code reject__C}, {@code
 * InputRejected} reason 3); if it opens, the member complained falsely and is excluded as a proven
 * cheater. Without this, one input that a single member cannot open would stall every computation
 * over its collection.
 */
public final class InputComplaints {
  /** {@code InputRejected}'s reason for an input its sender sealed wrongly. */
  public static final int UNDECRYPTABLE = 3;

  /** Form 7: the input's signed transaction and member j's complaint (128 bytes). */
  public record Payload(Bytes inputTransaction, Bytes complaint) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(7);
            w.writeValue(inputTransaction);
            w.writeValue(complaint);
          });
    }

    static Payload decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "input complaint",
          r -> {
            if (Rlp.readUint63(r, "form") != 7) {
              throw new IllegalArgumentException("not an input complaint");
            }
            Bytes tx = r.readValue();
            Bytes complaint = r.readValue();
            if (complaint.size() != 128) {
              throw new IllegalArgumentException("a complaint is 128 bytes");
            }
            Rlp.requireComplete(r, "input complaint");
            return new Payload(tx, complaint);
          },
          Payload::encode);
    }
  }

  private final long chainId;
  private final int maxTransactionSize;
  private final ContractRuntime runtime;
  private final ContractCommittees committees;

  InputComplaints(
      long chainId,
      int maxTransactionSize,
      ContractRuntime runtime,
      ContractCommittees committees) {
    this.chainId = chainId;
    this.maxTransactionSize = maxTransactionSize;
    this.runtime = runtime;
    this.committees = committees;
  }

  /** Why admission refuses a form-7 payload, if it does. */
  Optional<String> admissionProblem(Transaction tx) {
    SignedTransaction input;
    try {
      input =
          SignedTransaction.decode(
              Payload.decode(tx.payload()).inputTransaction(), maxTransactionSize);
    } catch (RuntimeException e) {
      return Optional.of("input complaint: " + e.getMessage());
    }
    if (input.transaction().kind() != TransactionKind.SECRET_INPUT
        || !input.transaction().to().equals(tx.to())
        || input.sender().isEmpty()) {
      return Optional.of(
          "input complaint: the transaction is not a signed secret input to the contract in 'to'");
    }
    return Optional.empty();
  }

  /** Where an admitted input was stored: its collection and index. */
  record Slot(String collection, long index) {}

  static Bytes32 slotKey(Bytes32 inputId) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/input-slot"), inputId);
  }

  static void recordSlot(ContractHost host, Bytes32 inputId, String collection, long index) {
    host.storageSet(
        ComputationRegistry.REGISTRY,
        slotKey(inputId),
        RLP.encodeList(
            w -> {
              w.writeValue(ComputationRegistry.ascii(collection));
              w.writeLong(index);
            }));
  }

  ContractTransactions.Result apply(
      StateOverlay state,
      int j,
      Transaction tx,
      ContractTransactions.BlockContext block,
      Function<Address, Optional<LoadedContract>> code) {
    OverlayContractHost host = new OverlayContractHost(state);
    Function<Bytes32, Optional<Bytes>> registry = MemberConduct.registry(host);
    Payload p = Payload.decode(tx.payload());
    SignedTransaction input = SignedTransaction.decode(p.inputTransaction(), maxTransactionSize);
    Address contract = tx.to().orElseThrow();
    Bytes32 id = SecretInputTransactions.inputId(input.hash());
    Optional<Slot> slot =
        registry
            .apply(slotKey(id))
            .map(
                b ->
                    RLP.decodeList(
                        b,
                        r ->
                            new Slot(
                                new String(
                                    r.readValue().toArrayUnsafe(), StandardCharsets.US_ASCII),
                                r.readLong())));
    if (slot.isEmpty()) {
      return failed("input complaint: no stored input " + id);
    }
    String collection = slot.get().collection();
    long index = slot.get().index();
    Bytes32 stored = ComputationRegistry.inputIdKey(contract, collection, index);
    Bytes32 pending = ComputationRegistry.pendingInputKey(contract, collection, index);
    boolean isStored = registry.apply(stored).map(id::equals).orElse(false);
    boolean isPending = registry.apply(pending).map(id::equals).orElse(false);
    if (!isStored && !isPending) {
      return failed("input complaint: input " + id + " is no longer stored");
    }
    Optional<LoadedContract> loaded = code.apply(contract);
    if (loaded.isEmpty()) {
      return failed("input complaint: the contract's code cannot be loaded");
    }
    Complaint.Verdict verdict;
    try {
      SealedInput sealed = SealedInput.decode(input.transaction().payload(), maxTransactionSize);
      InputCommittee committee = committees.forContract(loaded.get());
      InputContext context =
          new InputContext(
              chainId,
              input.sender().orElseThrow(),
              input.transaction().nonce(),
              contract,
              sealed.collection(),
              sealed.target(),
              sealed.committeeHash());
      int values = committee.format().values(sealed.shares().get(j).ciphertext().size() - 16);
      verdict =
          Complaint.decode(j, p.complaint()).judge(sealed, committee, context, Math.max(values, 1));
    } catch (RuntimeException e) {
      return failed("input complaint: " + e.getMessage());
    }
    return switch (verdict) {
      case INVALID_COMPLAINT -> failed("input complaint: member " + j + "'s proof does not verify");
      case MEMBER -> falseComplaint(host, j, id, tx, block.height(), contract);
      case SENDER -> {
        ContractTransactions.Result r =
            reject(
                host,
                loaded.get(),
                contract,
                collection,
                index,
                id,
                isPending,
                UNDECRYPTABLE,
                block);
        yield r.success() && isPending ? endCheck(host, input.hash(), j, r) : r;
      }
    };
  }

  /** The input opens with the proven S_j: member j complained falsely, which proves it lied. */
  static ContractTransactions.Result falseComplaint(
      ContractHost host, int j, Bytes32 inputId, Transaction tx, long height, Address contract) {
    return MemberConduct.excludeOnce(
            host, contract, j, Hashing.keccak256(tx.payload()), inputId, height)
        .map(e -> new ContractTransactions.Result(true, 0, List.of(e), Optional.empty()))
        .orElseGet(() -> failed("input complaint: member " + j + " is already excluded"));
  }

  /**
   * An input rejected while its validity check waited: the check can no longer run (member j cannot
   * open its share), so it fails now rather than through its attempts (computations.md section 4),
   * with {@code ComputationFailed} reason 2.
   */
  private static ContractTransactions.Result endCheck(
      ContractHost host, Bytes32 inputTransaction, int j, ContractTransactions.Result rejected) {
    Bytes32 check = ComputationRegistry.validityId(inputTransaction);
    Optional<ComputationRegistry.Record> record =
        ComputationRegistry.read(MemberConduct.registry(host), check);
    if (record.isEmpty() || record.get().status() != ComputationRegistry.Status.QUEUED) {
      return rejected;
    }
    ComputationRegistry.write(
        host, record.get().failed("the input was rejected: member " + j + "'s complaint"));
    List<Event> events = new ArrayList<>(rejected.events());
    events.add(
        new Event(
            record.get().contract(),
            List.of(ComputationRegistry.FAILED),
            RLP.encodeList(
                w -> {
                  w.writeValue(check);
                  w.writeLong(2);
                })));
    return new ContractTransactions.Result(true, rejected.gasUsed(), events, Optional.empty());
  }

  /**
   * The input at {@code index} is rejected with {@code reason} (3: the sender sealed a share
   * wrongly; 4: an off-chain input not delivered) and its index freed.
   */
  ContractTransactions.Result reject(
      ContractHost host,
      LoadedContract code,
      Address contract,
      String collection,
      long index,
      Bytes32 id,
      boolean pending,
      int reason,
      ContractTransactions.BlockContext block) {
    host.storageSet(
        ComputationRegistry.REGISTRY,
        pending
            ? ComputationRegistry.pendingInputKey(contract, collection, index)
            : ComputationRegistry.inputIdKey(contract, collection, index),
        Bytes32.ZERO);
    List<Event> events = new ArrayList<>();
    CallResult r =
        runtime.callSystem(
            code,
            host,
            new CallContext(
                Address.ZERO,
                contract,
                UInt256.ZERO,
                block.height(),
                block.timestampMillis(),
                1_000_000,
                false),
            ManyParties.REJECT + collection,
            Values.encodeList(
                List.<Type>of(new Type.Int(32, false, false)), List.of(BigInteger.valueOf(index))));
    if (!r.success()) {
      return failed("input complaint: " + r.failureReason().orElse("reject failed"));
    }
    events.addAll(r.events());
    events.add(
        new Event(
            contract,
            List.of(ComputationRegistry.REJECTED),
            RLP.encodeList(
                w -> {
                  w.writeValue(ComputationRegistry.ascii(collection));
                  w.writeLong(index);
                  w.writeValue(id);
                  w.writeLong(reason);
                })));
    return new ContractTransactions.Result(true, r.gasUsed(), events, Optional.empty());
  }

  private static ContractTransactions.Result failed(String reason) {
    return ContractTransactions.Result.failed(0, reason);
  }
}

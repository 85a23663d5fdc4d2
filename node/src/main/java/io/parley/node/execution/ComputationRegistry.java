package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.LoadedContract;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The chain's record of confidential computations and of the secret inputs they read
 * (docs/spec/computations.md): kept in the contract storage of the registry account, so every
 * record is part of the state root and provable with {@code state_getStorageProof}.
 */
public final class ComputationRegistry {
  /** The account whose storage holds the registry; it has no code and nobody can call it. */
  public static final Address REGISTRY =
      Address.fromHex("0x00000000000000000000000000000000000000c1");

  public static final Bytes32 COUNT = key(ascii("parley/computations"));

  /** topics[0] of the chain's event for a started computation: data = RLP([id]). */
  public static final Bytes32 STARTED = key(ascii("ComputationStarted(bytes32)"));

  /** topics[0] of the chain's event for a final computation: data = RLP([id, digest]). */
  public static final Bytes32 FINISHED = key(ascii("ComputationFinished(bytes32,bytes32)"));

  /**
   * topics[0] of the chain's event for an input that passed its check: RLP([collection, index,
   * id]).
   */
  public static final Bytes32 ACCEPTED = key(ascii("InputAccepted(bytes,u32,bytes32)"));

  /**
   * topics[0] of the chain's event for an input refused by its check: RLP([collection, index, id,
   * reason]), reason 1 the where rule is false, 2 the check ended without a result.
   */
  public static final Bytes32 REJECTED = key(ascii("InputRejected(bytes,u32,bytes32,u8)"));

  /** topics[0] of the chain's event for a new attempt: data = RLP([id, attempt]). */
  public static final Bytes32 RETRIED = key(ascii("ComputationRetried(bytes32,u32)"));

  /**
   * topics[0] of the chain's event for a computation that ends without result: RLP([id, reason]).
   */
  public static final Bytes32 FAILED = key(ascii("ComputationFailed(bytes32,u8)"));

  /**
   * Attempts a computation gets (ADR 0037): when t+1 members report attempt a aborted, attempt a+1
   * starts; after the last, the computation fails and {@code on abort} runs.
   */
  public static final int MAX_ATTEMPTS = 4;

  /** The chain's event announcing computation {@code id} of {@code contract}. */
  public static Event startedEvent(Address contract, Bytes32 id) {
    return new Event(contract, List.of(STARTED), RLP.encodeList(w -> w.writeValue(id)));
  }

  /** Status of a computation. */
  public enum Status {
    QUEUED,
    DONE,
    FAILED
  }

  /** The stored inputs a computation reads from one collection. */
  public record Used(String collection, List<StoredInput> inputs) {
    public Used {
      inputs = List.copyOf(inputs);
    }
  }

  public record StoredInput(long index, Bytes32 id) {}

  /** A member's vote as the record keeps it: who, the digest it signed, in which attempt. */
  public record MemberVote(int member, Bytes32 digest, int attempt) {}

  /**
   * A member's report that an attempt ended without a result for it (attestation.md section 6):
   * reason 1 silence or timeout, 2 the member restarted, 3 the engine proved a member cheated, 4 no
   * quorum after its vote, 5 and 6 a dealt input out of range or inconsistent. {@code seats} (bit j
   * for seat j) names the seats a timeout waited for, or those an inconsistent input's check found
   * odd.
   */
  public record AbortReport(int member, int attempt, int reason, long seats) {
    public AbortReport(int member, int attempt, int reason) {
      this(member, attempt, reason, 0);
    }
  }

  /** A computation's record (docs/spec/computations.md section 2). */
  public record Record(
      Bytes32 id,
      Address contract,
      String function,
      Bytes32 startTransaction,
      long blockNumber,
      Status status,
      Bytes arguments,
      List<Used> inputs,
      List<MemberVote> votes,
      Bytes32 result,
      String callbackFailure,
      int attempt,
      List<AbortReport> aborts,
      Address caller,
      UInt256 fee) {
    public Record {
      inputs = List.copyOf(inputs);
      votes = List.copyOf(votes);
      aborts = List.copyOf(aborts);
    }

    Record withVote(MemberVote vote) {
      List<MemberVote> all = new ArrayList<>(votes);
      all.add(vote);
      return with(status, all, result, callbackFailure, attempt, aborts);
    }

    Record withAbort(AbortReport report) {
      List<AbortReport> all = new ArrayList<>(aborts);
      all.add(report);
      return with(status, votes, result, callbackFailure, attempt, all);
    }

    /** The next attempt starts. */
    Record retried() {
      return with(status, votes, result, callbackFailure, attempt + 1, aborts);
    }

    Record done(Bytes32 digest, String failure) {
      return with(Status.DONE, votes, digest, failure, attempt, aborts);
    }

    Record failed(String failure) {
      return with(Status.FAILED, votes, result, failure, attempt, aborts);
    }

    private Record with(
        Status s, List<MemberVote> v, Bytes32 r, String failure, int a, List<AbortReport> reports) {
      return new Record(
          id,
          contract,
          function,
          startTransaction,
          blockNumber,
          s,
          arguments,
          inputs,
          v,
          r,
          failure,
          a,
          reports,
          caller,
          fee);
    }

    /** The members that reported attempt {@code a} aborted. */
    long abortsIn(int a) {
      return aborts.stream()
          .filter(x -> x.attempt() == a)
          .map(AbortReport::member)
          .distinct()
          .count();
    }

    Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(2);
            w.writeValue(contract.bytes());
            w.writeValue(ascii(function));
            w.writeValue(startTransaction);
            w.writeLong(blockNumber);
            w.writeLong(status.ordinal());
            w.writeValue(arguments);
            w.writeList(
                inputs,
                (uw, u) ->
                    uw.writeList(
                        l -> {
                          l.writeValue(ascii(u.collection()));
                          l.writeList(
                              u.inputs(),
                              (iw, i) ->
                                  iw.writeList(
                                      p -> {
                                        p.writeLong(i.index());
                                        p.writeValue(i.id());
                                      }));
                        }));
            w.writeList(
                votes,
                (vw, v) ->
                    vw.writeList(
                        l -> {
                          l.writeLong(v.member());
                          l.writeValue(v.digest());
                          l.writeLong(v.attempt());
                        }));
            w.writeValue(result);
            w.writeString(callbackFailure);
            w.writeLong(attempt);
            w.writeList(
                aborts,
                (aw, a) ->
                    aw.writeList(
                        l -> {
                          l.writeLong(a.member());
                          l.writeLong(a.attempt());
                          l.writeLong(a.reason());
                          if (a.seats() != 0) {
                            l.writeLong(a.seats());
                          }
                        }));
            w.writeValue(caller.bytes());
            w.writeValue(fee.toMinimalBytes());
          });
    }

    static Record decode(Bytes32 id, Bytes bytes) {
      return RLP.decodeList(
          bytes,
          r -> {
            long version = r.readLong();
            Address contract = new Address(r.readValue());
            String function = r.readString();
            Bytes32 start = Bytes32.wrap(r.readValue());
            long height = r.readLong();
            Status status = Status.values()[r.readInt()];
            Bytes arguments = r.readValue();
            List<Used> inputs =
                r.readListContents(
                    ur ->
                        ur.readList(
                            l ->
                                new Used(
                                    l.readString(),
                                    l.readListContents(
                                        ir ->
                                            ir.readList(
                                                p ->
                                                    new StoredInput(
                                                        p.readLong(),
                                                        Bytes32.wrap(p.readValue())))))));
            List<MemberVote> votes =
                r.readListContents(
                    vr ->
                        vr.readList(
                            l ->
                                new MemberVote(
                                    l.readInt(),
                                    Bytes32.wrap(l.readValue()),
                                    version >= 2 ? l.readInt() : 0)));
            Bytes32 result = Bytes32.wrap(r.readValue());
            String failure = r.readString();
            int attempt = version >= 2 ? r.readInt() : 0;
            List<AbortReport> aborts =
                version >= 2
                    ? r.readListContents(
                        ar ->
                            ar.readList(
                                l ->
                                    new AbortReport(
                                        l.readInt(),
                                        l.readInt(),
                                        l.readInt(),
                                        l.isComplete() ? 0 : l.readLong())))
                    : List.of();
            Address caller = version >= 2 ? new Address(r.readValue()) : Address.ZERO;
            UInt256 fee = version >= 2 ? UInt256.fromBytes(r.readValue()) : UInt256.ZERO;
            return new Record(
                id, contract, function, start, height, status, arguments, inputs, votes, result,
                failure, attempt, aborts, caller, fee);
          });
    }
  }

  private ComputationRegistry() {}

  static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static Bytes32 key(Bytes... parts) {
    return Hashing.keccak256(parts);
  }

  public static Bytes32 inputIdKey(Address contract, String collection, long index) {
    return key(
        ascii("parley/input-id"),
        contract.bytes(),
        ascii(collection),
        Bytes.of(0),
        Bytes.wrap(ByteBuffer.allocate(4).putInt((int) index).array()));
  }

  /** The id of the input at {@code index} waiting for the committee's {@code where} check. */
  public static Bytes32 pendingInputKey(Address contract, String collection, long index) {
    return key(
        ascii("parley/input-pending"),
        contract.bytes(),
        ascii(collection),
        Bytes.of(0),
        Bytes.wrap(ByteBuffer.allocate(4).putInt((int) index).array()));
  }

  /** Starts the record's next attempt: writes it and returns {@code ComputationRetried}. */
  static Event retry(ContractHost host, Record record) {
    Record next = record.retried();
    write(host, next);
    return new Event(
        record.contract(),
        List.of(RETRIED),
        RLP.encodeList(
            w -> {
              w.writeValue(record.id());
              w.writeLong(next.attempt());
            }));
  }

  /**
   * The engine's session id of attempt {@code attempt} (attestation.md section 6): the
   * computation's id for attempt 0, {@code keccak256("parley/attempt" || id || u32(attempt))}
   * after.
   */
  public static Bytes32 attemptSession(Bytes32 id, int attempt) {
    if (attempt == 0) {
      return id;
    }
    return Hashing.keccak256(
        ascii("parley/attempt"), id, Bytes.wrap(ByteBuffer.allocate(4).putInt(attempt).array()));
  }

  /** The id of the validity check of the input arriving in transaction {@code transaction}. */
  public static Bytes32 validityId(Bytes32 transaction) {
    return key(transaction, Bytes.of(0xff, 0xff));
  }

  /**
   * An input arrives in a collection with a {@code where} rule (computations.md section 4): it
   * waits at its index (the index holds no accepted input meanwhile) and a validity check of it
   * starts, reading that one input. Returns the check's id.
   */
  static Bytes32 startValidity(
      ContractHost host,
      Address contract,
      String collection,
      long index,
      Bytes32 inputId,
      Bytes32 transaction,
      long blockNumber) {
    return startValidity(
        host,
        contract,
        collection,
        index,
        inputId,
        transaction,
        validityId(transaction),
        blockNumber);
  }

  /** The same with the check's id given (an off-chain input's elements, secret-inputs.md 9). */
  static Bytes32 startValidity(
      ContractHost host,
      Address contract,
      String collection,
      long index,
      Bytes32 inputId,
      Bytes32 transaction,
      Bytes32 id,
      long blockNumber) {
    host.storageSet(REGISTRY, inputIdKey(contract, collection, index), Bytes32.ZERO);
    host.storageSet(REGISTRY, pendingInputKey(contract, collection, index), inputId);
    Record record =
        new Record(
            id,
            contract,
            io.parley.contracts.lang.ManyParties.VALID + collection,
            transaction,
            blockNumber,
            Status.QUEUED,
            Bytes.fromHexString("0xc0"),
            List.of(new Used(collection, List.of(new StoredInput(index, inputId)))),
            List.of(),
            Bytes32.ZERO,
            "",
            0,
            List.of(),
            Address.ZERO,
            UInt256.ZERO);
    append(host, record);
    return id;
  }

  /** Whether {@code function} is the validity check of a collection (started by the chain). */
  public static boolean isValidity(String function) {
    return function.startsWith(io.parley.contracts.lang.ManyParties.VALID);
  }

  /**
   * A validity check ended: the input still waiting at its index (if it is the one checked) becomes
   * accepted, or stops waiting. Returns whether it was still waiting.
   */
  static boolean settleValidity(ContractHost host, Record check, boolean accepted) {
    Used used = check.inputs().get(0);
    StoredInput input = used.inputs().get(0);
    Bytes32 pending = pendingInputKey(check.contract(), used.collection(), input.index());
    Optional<Bytes> waiting = host.storageGet(REGISTRY, pending);
    if (waiting.isEmpty() || !waiting.get().equals(input.id())) {
      return false;
    }
    host.storageSet(REGISTRY, pending, Bytes32.ZERO);
    if (accepted) {
      host.storageSet(
          REGISTRY, inputIdKey(check.contract(), used.collection(), input.index()), input.id());
    }
    return true;
  }

  private static void append(ContractHost host, Record record) {
    host.storageSet(REGISTRY, recordKey(record.id()), record.encode());
    long count = count(key -> host.storageGet(REGISTRY, key));
    host.storageSet(REGISTRY, atKey(count), record.id());
    host.storageSet(REGISTRY, COUNT, Bytes32.leftPad(Bytes.ofUnsignedLong(count + 1)));
  }

  public static Bytes32 recordKey(Bytes32 id) {
    return key(ascii("parley/computation"), id);
  }

  public static Bytes32 atKey(long i) {
    return key(ascii("parley/computation-at"), Bytes.ofUnsignedLong(i));
  }

  /** The id of the k-th computation a transaction starts. */
  public static Bytes32 computationId(Bytes32 transaction, int k) {
    return key(transaction, Bytes.wrap(ByteBuffer.allocate(2).putShort((short) k).array()));
  }

  /** Records the id of the input now stored at {@code index} of a collection. */
  static void recordInput(
      ContractHost host, Address contract, String collection, long index, Bytes32 id) {
    host.storageSet(REGISTRY, inputIdKey(contract, collection, index), id);
  }

  /**
   * Records a computation for every {@code start__f} event among a successful call's {@code
   * events}; returns their ids.
   */
  static List<Record> started(
      ContractHost host,
      LoadedContract code,
      Address contract,
      Bytes32 transaction,
      List<Event> events,
      long blockNumber,
      Address caller,
      UInt256 gasPrice) {
    List<Record> records = new ArrayList<>();
    for (int k = 0; k < events.size(); k++) {
      Event e = events.get(k);
      Optional<Abi.EventDef> def = startEvent(code.abi(), e);
      if (def.isEmpty() || !e.source().equals(contract)) {
        continue;
      }
      String function = def.get().name().substring("start__".length());
      Bytes32 id = computationId(transaction, k);
      List<Used> inputs = new ArrayList<>();
      for (Abi.CollectionDef c : collectionsRead(code.abi(), function)) {
        List<StoredInput> stored = new ArrayList<>();
        for (long i = 0; i < c.capacity(); i++) {
          Optional<Bytes> inputId = host.storageGet(REGISTRY, inputIdKey(contract, c.name(), i));
          if (inputId.isPresent() && !inputId.get().isZero()) {
            stored.add(new StoredInput(i, Bytes32.wrap(inputId.get())));
          }
        }
        inputs.add(new Used(c.name(), stored));
      }
      Record record =
          new Record(
              id,
              contract,
              function,
              transaction,
              blockNumber,
              Status.QUEUED,
              e.data(),
              inputs,
              List.of(),
              Bytes32.ZERO,
              "",
              0,
              List.of(),
              caller,
              gasPrice.multiply(UInt256.valueOf(Fees.feeGas(code, function, inputs))));
      append(host, record);
      records.add(record);
    }
    return records;
  }

  /** The number of computations of {@code contract} started and not yet done or failed. */
  public static long inFlight(ContractHost host, Address contract) {
    return host.storageGet(REGISTRY, inFlightKey(contract))
        .map(b -> new BigInteger(1, b.toArrayUnsafe()).longValueExact())
        .orElse(0L);
  }

  static void setInFlight(ContractHost host, Address contract, long n) {
    host.storageSet(REGISTRY, inFlightKey(contract), Bytes32.leftPad(Bytes.ofUnsignedLong(n)));
  }

  public static Bytes32 inFlightKey(Address contract) {
    return key(ascii("parley/in-flight"), contract.bytes());
  }

  private static Optional<Abi.EventDef> startEvent(Abi abi, Event e) {
    if (e.topics().isEmpty()) {
      return Optional.empty();
    }
    String topic = e.topics().get(0).toHexString();
    return abi.events().stream()
        .filter(d -> d.name().startsWith("start__") && d.topic().equals(topic))
        .findFirst();
  }

  /** The collections confidential function {@code f} reads, in its circuit's input order. */
  static List<Abi.CollectionDef> collectionsRead(Abi abi, String f) {
    Set<Abi.CollectionDef> out = new LinkedHashSet<>();
    abi.confidential().stream()
        .filter(c -> c.name().equals(f))
        .findFirst()
        .ifPresent(
            def -> {
              for (Abi.CircuitInput in : def.inputs()) {
                if (!in.kind().equals("collection")) {
                  continue;
                }
                for (Abi.CollectionDef c : abi.collections()) {
                  if (in.name().equals(c.name()) || in.name().startsWith(c.name() + "__")) {
                    out.add(c);
                  }
                }
              }
            });
    return List.copyOf(out);
  }

  static void write(ContractHost host, Record record) {
    host.storageSet(REGISTRY, recordKey(record.id()), record.encode());
  }

  /** The number of computations started, read through {@code storage}. */
  public static long count(Function<Bytes32, Optional<Bytes>> storage) {
    return storage
        .apply(COUNT)
        .map(b -> new BigInteger(1, b.toArrayUnsafe()).longValueExact())
        .orElse(0L);
  }

  /** A computation's record, read through {@code storage}. */
  public static Optional<Record> read(Function<Bytes32, Optional<Bytes>> storage, Bytes32 id) {
    return storage.apply(recordKey(id)).map(b -> Record.decode(id, b));
  }

  /** The id of the i-th computation started. */
  public static Optional<Bytes32> at(Function<Bytes32, Optional<Bytes>> storage, long i) {
    return storage.apply(atKey(i)).map(Bytes32::wrap);
  }
}

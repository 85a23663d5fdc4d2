package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.MpcCommittee;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Verdict;
import io.parley.zk.messages.Committee;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Blame evidence and exclusion on the chain (attestation.md section 7, ADR 0038): a member posts
 * the engine's proof that another member cheated (kind 4, form 4, in parts); every validator
 * verifies it with the protocol's verifier and the committee's public keys alone, records it, and
 * excludes the accused: no computation starts while a member is excluded, until its operator sends
 * a rejoin (form 5).
 */
public final class MemberConduct {
  /** Largest part of an evidence (bytes). */
  public static final int MAX_PART = 65_536;

  /** Most parts of one evidence: 2 MiB in all. */
  public static final int MAX_PARTS = 32;

  public static final Bytes32 BLAMED =
      Hashing.keccak256(ComputationRegistry.ascii("MemberBlamed(bytes32,u16,bytes32)"));

  /**
   * {@code MemberBlamed(id, j, digest)} from {@code contract}: member j excluded for that proof.
   */
  static Event blamed(Address contract, Bytes32 id, int j, Bytes32 digest) {
    return new Event(
        contract,
        List.of(BLAMED),
        RLP.encodeList(
            w -> {
              w.writeValue(id);
              w.writeLong(j);
              w.writeValue(digest);
            }));
  }

  public static final Bytes32 REJOINED =
      Hashing.keccak256(ComputationRegistry.ascii("MemberRejoined(u16)"));

  /** A kind-4 payload of form 4 or 5. */
  public sealed interface Message permits EvidencePart, Rejoin {
    Bytes encode();
  }

  /** Part {@code part} of {@code parts} of evidence {@code digest} against {@code accused}. */
  public record EvidencePart(
      Bytes32 computation,
      int attempt,
      int accused,
      Bytes32 digest,
      int part,
      int parts,
      Bytes bytes)
      implements Message {
    @Override
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(4);
            w.writeValue(computation);
            w.writeLong(attempt);
            w.writeLong(accused);
            w.writeValue(digest);
            w.writeLong(part);
            w.writeLong(parts);
            w.writeValue(bytes);
          });
    }
  }

  /** The sender, excluded after a blame, asks to take part again. */
  public record Rejoin() implements Message {
    @Override
    public Bytes encode() {
      return RLP.encodeList(w -> w.writeLong(5));
    }
  }

  /** The parts of {@code evidence} (its digest is keccak256 of the bytes), in order. */
  public static List<EvidencePart> split(
      Bytes32 computation, int attempt, int accused, Bytes evidence, int partSize) {
    int size = Math.min(partSize, MAX_PART);
    int parts = Math.max(1, (evidence.size() + size - 1) / size);
    if (parts > MAX_PARTS) {
      throw new IllegalArgumentException(
          "evidence of " + evidence.size() + " bytes needs more than " + MAX_PARTS + " parts");
    }
    Bytes32 digest = Hashing.keccak256(evidence);
    List<EvidencePart> out = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      int from = k * size;
      out.add(
          new EvidencePart(
              computation,
              attempt,
              accused,
              digest,
              k,
              parts,
              evidence.slice(from, Math.min(size, evidence.size() - from))));
    }
    return out;
  }

  /** The form of a kind-4 payload (its first item), or -1 if it has none. */
  static long form(Bytes payload) {
    try {
      return RLP.decodeList(payload, r -> r.isComplete() ? -1L : r.readLong());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  static Message decode(Bytes payload, int members) {
    return Rlp.decodeCanonical(
        payload,
        "member conduct",
        r -> {
          long form = Rlp.readUint63(r, "form");
          Message m;
          if (form == 4) {
            Bytes32 id = Rlp.readBytes32(r, "computationId");
            long attempt = Rlp.readUint63(r, "attempt");
            long accused = Rlp.readUint63(r, "accused");
            Bytes32 digest = Rlp.readBytes32(r, "evidenceDigest");
            long part = Rlp.readUint63(r, "part");
            long parts = Rlp.readUint63(r, "parts");
            Bytes bytes = r.readValue();
            if (attempt >= ComputationRegistry.MAX_ATTEMPTS) {
              throw new IllegalArgumentException("attempt " + attempt + " is beyond the last");
            }
            if (accused >= members) {
              throw new IllegalArgumentException("no member " + accused);
            }
            if (parts < 1 || parts > MAX_PARTS || part >= parts) {
              throw new IllegalArgumentException(
                  "part " + part + " of " + parts + " (1.." + MAX_PARTS + " parts)");
            }
            if (bytes.isEmpty() || bytes.size() > MAX_PART) {
              throw new IllegalArgumentException(
                  "a part has 1.." + MAX_PART + " bytes, not " + bytes.size());
            }
            m =
                new EvidencePart(
                    id, (int) attempt, (int) accused, digest, (int) part, (int) parts, bytes);
          } else if (form == 5) {
            m = new Rejoin();
          } else {
            throw new IllegalArgumentException("unsupported form " + form);
          }
          Rlp.requireComplete(r, "member conduct");
          return m;
        },
        Message::encode);
  }

  /** Why admission refuses a form-4 or form-5 payload from member {@code j}, if it does. */
  static Optional<String> admissionProblem(Transaction tx, int members) {
    Message m;
    try {
      m = decode(tx.payload(), members);
    } catch (RuntimeException e) {
      return Optional.of("computation vote: " + e.getMessage());
    }
    return switch (m) {
      case EvidencePart p ->
          tx.to().isPresent()
              ? Optional.empty()
              : Optional.of("computation vote: evidence names the contract in 'to'");
      case Rejoin r ->
          tx.to().map(ComputationRegistry.REGISTRY::equals).orElse(false)
              ? Optional.empty()
              : Optional.of(
                  "computation vote: a rejoin is sent to the registry "
                      + ComputationRegistry.REGISTRY);
    };
  }

  /** Why member {@code j} is excluded: the evidence, the computation, the height. */
  public record Exclusion(int member, Bytes32 evidence, Bytes32 computation, long height) {}

  /** What the chain keeps of a verified evidence (zk_getEvidence). */
  public record Evidence(
      Bytes32 digest,
      Bytes32 computation,
      int attempt,
      int accused,
      int reporter,
      long height,
      Bytes bytes) {}

  private final MpcCommittee committee;
  private final ContractCommittees protocols;

  MemberConduct(MpcCommittee committee) {
    this.committee = committee;
    this.protocols = new ContractCommittees(committee);
  }

  /** The engine's view of the committee (only a chain with a committee has members to blame). */
  Committee engineCommittee() {
    return new Committee(committee.members().stream().map(m -> m.publicKey()).toList());
  }

  /**
   * Applies form 4 or 5 from member {@code j} at {@code height}; {@code code} loads the code of a
   * computation's contract.
   */
  ContractTransactions.Result apply(
      OverlayContractHost host,
      int j,
      Transaction tx,
      long height,
      Function<ComputationRegistry.Record, Optional<LoadedContract>> code) {
    Message m = decode(tx.payload(), committee.members().size());
    return switch (m) {
      case Rejoin r -> rejoin(host, j);
      case EvidencePart p -> part(host, j, tx, p, height, code);
    };
  }

  private ContractTransactions.Result rejoin(ContractHost host, int j) {
    if (excluded(registry(host), j).isEmpty()) {
      return failed("member conduct: member " + j + " is not excluded");
    }
    host.storageSet(ComputationRegistry.REGISTRY, excludedKey(j), Bytes.EMPTY);
    return succeeded(
        new Event(
            ComputationRegistry.REGISTRY, List.of(REJOINED), RLP.encodeList(w -> w.writeLong(j))));
  }

  private ContractTransactions.Result part(
      OverlayContractHost host,
      int j,
      Transaction tx,
      EvidencePart p,
      long height,
      Function<ComputationRegistry.Record, Optional<LoadedContract>> code) {
    Function<Bytes32, Optional<Bytes>> storage = registry(host);
    Optional<ComputationRegistry.Record> found = ComputationRegistry.read(storage, p.computation());
    if (found.isEmpty()) {
      return failed("evidence: no computation " + p.computation());
    }
    ComputationRegistry.Record record = found.get();
    if (!tx.to().map(record.contract()::equals).orElse(false)) {
      return failed("evidence: the computation is another contract's");
    }
    if (p.attempt() > record.attempt()) {
      return failed("evidence: attempt " + p.attempt() + " has not started");
    }
    if (excluded(storage, p.accused()).isPresent()) {
      return failed("evidence: member " + p.accused() + " is already excluded");
    }
    if (storage.apply(evidenceKey(p.digest())).isPresent()) {
      return failed("evidence: " + p.digest() + " is already recorded");
    }
    Pending pending =
        Pending.read(storage, j)
            .filter(q -> q.sameEvidence(p))
            .orElseGet(() -> Pending.start(host, storage, j, p));
    if (pending.has(p.part())) {
      return failed("evidence: part " + p.part() + " is already received");
    }
    host.storageSet(ComputationRegistry.REGISTRY, partKey(j, p.part()), p.bytes());
    Pending now = pending.with(p.part());
    if (!now.complete()) {
      now.write(host, j);
      return succeeded();
    }
    Bytes evidence = now.assemble(storage, j);
    if (!Hashing.keccak256(evidence).equals(p.digest())) {
      return failed("evidence: the parts do not hash to " + p.digest());
    }
    Optional<String> invalid = verify(evidence, p.accused(), record, code);
    if (invalid.isPresent()) {
      return failed("evidence: " + invalid.get());
    }
    // one exclusion per offence: another encoding of a blame from the same session (other
    // envelopes of it, another index) proves nothing new, so it cannot exclude again after a rejoin
    Bytes32 session = Blames.decode(evidence.toArrayUnsafe()).computation();
    Optional<Bytes> earlier = storage.apply(sessionKey(p.accused(), session));
    if (earlier.isPresent()) {
      return failed(
          "evidence: member "
              + p.accused()
              + " was already blamed for session "
              + session
              + " (evidence "
              + Bytes32.wrap(earlier.get())
              + ")");
    }
    host.storageSet(ComputationRegistry.REGISTRY, sessionKey(p.accused(), session), p.digest());
    now.clear(host, j);
    host.storageSet(
        ComputationRegistry.REGISTRY,
        evidenceKey(p.digest()),
        RLP.encodeList(
            w -> {
              w.writeValue(p.computation());
              w.writeLong(p.attempt());
              w.writeLong(p.accused());
              w.writeLong(j);
              w.writeLong(height);
              w.writeValue(evidence);
            }));
    exclude(host, p.accused(), p.digest(), p.computation(), height);
    // a free standby member takes the seat over; without one the member stays excluded (ADR 0056)
    Optional<Event> replaced =
        CommitteeSeats.replace(host, committee, p.accused(), CommitteeSeats.CAUSE_BLAME, height);
    List<Bytes32> blames = new ArrayList<>(blames(storage, p.computation()));
    blames.add(p.digest());
    host.storageSet(
        ComputationRegistry.REGISTRY,
        blamesKey(p.computation()),
        RLP.encodeList(w -> blames.forEach(w::writeValue)));
    Event blamed = blamed(record.contract(), p.computation(), p.accused(), p.digest());
    return replaced.isPresent() ? succeeded(blamed, replaced.get()) : succeeded(blamed);
  }

  /** Why the evidence does not prove that {@code accused} cheated, if it does not. */
  private Optional<String> verify(
      Bytes evidence,
      int accused,
      ComputationRegistry.Record record,
      Function<ComputationRegistry.Record, Optional<LoadedContract>> code) {
    Optional<LoadedContract> loaded = code.apply(record);
    if (loaded.isEmpty()) {
      return Optional.of("the contract's code cannot be loaded");
    }
    Blame blame;
    try {
      blame = Blames.decode(evidence.toArrayUnsafe());
    } catch (RuntimeException e) {
      return Optional.of("malformed: " + e.getMessage());
    }
    if (blame.accused() != accused) {
      return Optional.of("it accuses member " + blame.accused() + ", not " + accused);
    }
    Verdict verdict;
    try {
      verdict = protocols.protocol(loaded.get()).verifier(engineCommittee()).verify(blame);
    } catch (RuntimeException e) {
      return Optional.of("does not verify: " + e.getMessage());
    }
    return verdict.valid() ? Optional.empty() : Optional.of("does not verify: " + verdict.reason());
  }

  /** Excludes member {@code j} for the proof {@code evidence} given under {@code id}. */
  static void exclude(ContractHost host, int j, Bytes32 evidence, Bytes32 id, long height) {
    host.storageSet(
        ComputationRegistry.REGISTRY,
        excludedKey(j),
        RLP.encodeList(
            w -> {
              w.writeValue(evidence);
              w.writeValue(id);
              w.writeLong(height);
            }));
  }

  /**
   * Excludes member {@code j} for the proof digested as {@code evidence}, under {@code id}, and
   * returns the {@code MemberBlamed} event {@code contract} emits; empty if {@code j} is already
   * excluded (one exclusion at a time, until its rejoin).
   */
  static Optional<Event> excludeOnce(
      ContractHost host, Address contract, int j, Bytes32 evidence, Bytes32 id, long height) {
    if (excluded(registry(host), j).isPresent()) {
      return Optional.empty();
    }
    exclude(host, j, evidence, id, height);
    return Optional.of(blamed(contract, id, j, evidence));
  }

  /** Member {@code j}'s exclusion, if it is excluded. */
  public static Optional<Exclusion> excluded(Function<Bytes32, Optional<Bytes>> storage, int j) {
    return storage
        .apply(excludedKey(j))
        .map(
            b ->
                RLP.decodeList(
                    b,
                    r ->
                        new Exclusion(
                            j,
                            Bytes32.wrap(r.readValue()),
                            Bytes32.wrap(r.readValue()),
                            r.readLong())));
  }

  /** The first excluded member among {@code n}, if any. */
  public static Optional<Exclusion> anyExcluded(Function<Bytes32, Optional<Bytes>> storage, int n) {
    for (int j = 0; j < n; j++) {
      Optional<Exclusion> e = excluded(storage, j);
      if (e.isPresent()) {
        return e;
      }
    }
    return Optional.empty();
  }

  /** The recorded evidence with this digest, if any. */
  public static Optional<Evidence> evidence(
      Function<Bytes32, Optional<Bytes>> storage, Bytes32 digest) {
    return storage
        .apply(evidenceKey(digest))
        .map(
            b ->
                RLP.decodeList(
                    b,
                    r ->
                        new Evidence(
                            digest,
                            Bytes32.wrap(r.readValue()),
                            r.readInt(),
                            r.readInt(),
                            r.readInt(),
                            r.readLong(),
                            r.readValue())));
  }

  /** The digests of the evidence recorded under computation {@code id}, in order. */
  public static List<Bytes32> blames(Function<Bytes32, Optional<Bytes>> storage, Bytes32 id) {
    return storage
        .apply(blamesKey(id))
        .map(
            b ->
                RLP.decodeList(
                    b,
                    r -> {
                      List<Bytes32> out = new ArrayList<>();
                      while (!r.isComplete()) {
                        out.add(Bytes32.wrap(r.readValue()));
                      }
                      return out;
                    }))
        .orElse(List.of());
  }

  /** Why no computation can start now, if a member is excluded. */
  static Optional<String> cannotStart(Function<Bytes32, Optional<Bytes>> storage, int n) {
    return anyExcluded(storage, n)
        .map(
            e ->
                "the committee cannot compute: member "
                    + e.member()
                    + " is excluded since block "
                    + e.height()
                    + " (evidence "
                    + e.evidence()
                    + "), until its operator sends a rejoin");
  }

  static Function<Bytes32, Optional<Bytes>> registry(ContractHost host) {
    return key -> host.storageGet(ComputationRegistry.REGISTRY, key);
  }

  /** The parts of one evidence a member has sent so far (a bit per part). */
  private record Pending(
      Bytes32 computation, int attempt, int accused, Bytes32 digest, int parts, long received) {
    static Optional<Pending> read(Function<Bytes32, Optional<Bytes>> storage, int j) {
      return storage
          .apply(pendingKey(j))
          .map(
              b ->
                  RLP.decodeList(
                      b,
                      r ->
                          new Pending(
                              Bytes32.wrap(r.readValue()),
                              r.readInt(),
                              r.readInt(),
                              Bytes32.wrap(r.readValue()),
                              r.readInt(),
                              r.readLong())));
    }

    /** A new evidence from member {@code j}: the parts of its previous one are dropped. */
    static Pending start(
        ContractHost host, Function<Bytes32, Optional<Bytes>> storage, int j, EvidencePart p) {
      read(storage, j).ifPresent(old -> old.clear(host, j));
      return new Pending(p.computation(), p.attempt(), p.accused(), p.digest(), p.parts(), 0);
    }

    boolean sameEvidence(EvidencePart p) {
      return computation.equals(p.computation())
          && attempt == p.attempt()
          && accused == p.accused()
          && digest.equals(p.digest())
          && parts == p.parts();
    }

    boolean has(int part) {
      return (received & (1L << part)) != 0;
    }

    Pending with(int part) {
      return new Pending(computation, attempt, accused, digest, parts, received | (1L << part));
    }

    boolean complete() {
      return Long.bitCount(received) == parts;
    }

    void write(ContractHost host, int j) {
      host.storageSet(
          ComputationRegistry.REGISTRY,
          pendingKey(j),
          RLP.encodeList(
              w -> {
                w.writeValue(computation);
                w.writeLong(attempt);
                w.writeLong(accused);
                w.writeValue(digest);
                w.writeLong(parts);
                w.writeLong(received);
              }));
    }

    Bytes assemble(Function<Bytes32, Optional<Bytes>> storage, int j) {
      List<Bytes> all = new ArrayList<>();
      for (int k = 0; k < parts; k++) {
        all.add(storage.apply(partKey(j, k)).orElseThrow());
      }
      return Bytes.concatenate(all);
    }

    void clear(ContractHost host, int j) {
      for (int k = 0; k < parts; k++) {
        if (has(k)) {
          host.storageSet(ComputationRegistry.REGISTRY, partKey(j, k), Bytes.EMPTY);
        }
      }
      host.storageSet(ComputationRegistry.REGISTRY, pendingKey(j), Bytes.EMPTY);
    }
  }

  public static Bytes32 excludedKey(int j) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/excluded"), u32(j));
  }

  public static Bytes32 evidenceKey(Bytes32 digest) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/evidence"), digest);
  }

  /**
   * The evidence recorded against seat {@code j} for misbehaviour in engine session {@code
   * session}.
   */
  public static Bytes32 sessionKey(int j, Bytes32 session) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/evidence-session"), u32(j), session);
  }

  public static Bytes32 blamesKey(Bytes32 id) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/blames"), id);
  }

  static Bytes32 pendingKey(int j) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/evidence-pending"), u32(j));
  }

  static Bytes32 partKey(int j, int part) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/evidence-part"), u32(j), u32(part));
  }

  private static Bytes u32(int v) {
    return Bytes.wrap(ByteBuffer.allocate(4).putInt(v).array());
  }

  private static ContractTransactions.Result succeeded(Event... events) {
    return new ContractTransactions.Result(true, 0, List.of(events), Optional.empty());
  }

  private static ContractTransactions.Result failed(String reason) {
    return ContractTransactions.Result.failed(0, reason);
  }
}

package io.parley.node.mpc;

import io.parley.base.block.Event;
import io.parley.base.block.Receipt;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.genesis.MpcCommittee;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.OffChainInputs;
import io.parley.zk.computation.MemberStore;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Opener;
import io.parley.zk.inputs.PlainFormat;
import io.parley.zk.inputs.SealedBatch;
import io.parley.zk.inputs.SealedInput;
import io.parley.zk.inputs.SecretInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Member j's side of secret inputs on the chain: for every stored secret input of a verified block
 * (a kind-3 transaction whose receipt carries {@code InputSubmitted}), open its own share with its
 * encryption key and keep it in its store, under (contract, collection, index); a replacement
 * overwrites the index. The last block processed is kept too, so a restarted member continues where
 * it stopped. Logs say which input was stored, never a share or a value.
 */
public final class InputFollower {
  private static final Logger LOG = LoggerFactory.getLogger(InputFollower.class);
  private static final Bytes32 PROGRESS =
      Hashing.keccak256(Bytes.wrap("parley/mpc-member/progress".getBytes(StandardCharsets.UTF_8)));
  private static final Bytes32 STARTED = ComputationRegistry.STARTED;
  private static final Bytes32 RETRIED = ComputationRegistry.RETRIED;
  private static final Bytes32 FAILED = ComputationRegistry.FAILED;
  private static final Bytes32 FINISHED = ComputationRegistry.FINISHED;
  private static final Bytes32 SUBMITTED =
      Hashing.keccak256(
          Bytes.wrap("InputSubmitted(bytes,u32,bytes32)".getBytes(StandardCharsets.US_ASCII)));

  /** What member j holds of one stored input. */
  public record HeldInput(Bytes32 id, Bytes32 transaction, PlainFormat format, Bytes plain) {
    @Override
    public String toString() {
      return "HeldInput[id=" + id + "]";
    }
  }

  /** The chain's {@code InputSubmitted} event: where an input was stored, and its id. */
  private record Submitted(String collection, long index, Bytes32 id) {}

  /** An input this member could not open: a complaint to publish (issue 13). */
  public record Unopened(
      Bytes32 id, io.parley.zk.inputs.Complaint complaint, SignedTransaction input) {}

  private final long chainId;
  private final MpcCommittee genesis;
  private final io.parley.base.crypto.PublicKey identity;
  private final PrivateKey encryptionKey;

  /** Committees inputs may be sealed for (every seat map seen, every format), by hash. */
  private final java.util.Map<Bytes32, Sealed> committees = new java.util.LinkedHashMap<>();

  /** A committee an input can name: and this member's seat in it, or -1. */
  private record Sealed(InputCommittee committee, int seat) {}

  /** Seat j's holder: -1 for genesis member j, s for standby member s (ADR 0056). */
  private final int[] holders;

  private final MemberStore store;

  public MemberStore store() {
    return store;
  }

  private final List<Unopened> unopened = new ArrayList<>();
  private final OffChainDeliveries offChain;

  /** This member's off-chain inputs: waiting ones, accepted ciphertexts (section 9). */
  public OffChainDeliveries offChain() {
    return offChain;
  }

  private final java.util.concurrent.atomic.AtomicLong storedInputs =
      new java.util.concurrent.atomic.AtomicLong();

  /** Genesis member {@code self}'s follower. */
  public InputFollower(
      long chainId, MpcCommittee genesis, int self, PrivateKey encryptionKey, MemberStore store) {
    this(chainId, genesis, genesis.members().get(self).publicKey(), encryptionKey, store);
  }

  /**
   * The follower of the member (genesis or standby) whose signing key is {@code identity}: it
   * tracks who holds each seat from the chain's {@code MemberReplaced} events, and opens the inputs
   * sealed for a committee in which it holds a seat.
   */
  public InputFollower(
      long chainId,
      MpcCommittee genesis,
      io.parley.base.crypto.PublicKey identity,
      PrivateKey encryptionKey,
      MemberStore store) {
    if (genesis.encryptionKeys().isEmpty()) {
      throw new IllegalArgumentException("genesis gives the committee no encryption keys");
    }
    boolean known = false;
    for (int j = 0; j < genesis.members().size(); j++) {
      if (genesis.members().get(j).publicKey().equals(identity)) {
        known = true;
        if (!genesis.encryptionKeys().get(j).equals(encryptionKey.publicKey())) {
          throw new IllegalArgumentException(
              "the encryption key is not member " + j + "'s in genesis");
        }
      }
    }
    for (int s = 0; s < genesis.standby().size(); s++) {
      MpcCommittee.Standby b = genesis.standby().get(s);
      if (b.member().publicKey().equals(identity)) {
        known = true;
        if (!b.encryptionKey().equals(encryptionKey.publicKey())) {
          throw new IllegalArgumentException(
              "the encryption key is not standby member " + s + "'s in genesis");
        }
      }
    }
    if (!known) {
      throw new IllegalArgumentException("the key is no committee or standby member's in genesis");
    }
    this.chainId = chainId;
    this.genesis = genesis;
    this.identity = identity;
    this.encryptionKey = encryptionKey;
    this.store = store;
    this.offChain = new OffChainDeliveries(store, 4 * 1024 * 1024);
    this.holders = new int[genesis.members().size()];
    java.util.Arrays.fill(holders, -1);
    store
        .get(PROGRESS, "seats")
        .ifPresent(
            b -> {
              ByteBuffer in = ByteBuffer.wrap(b);
              for (int j = 0; j < holders.length; j++) {
                holders[j] = in.getInt();
              }
            });
    learnCommittees();
  }

  /** The committee seated now, as this member has followed the chain. */
  public MpcCommittee seated() {
    java.util.List<io.parley.base.block.Validator> members = new ArrayList<>(genesis.members());
    java.util.List<io.parley.base.crypto.PublicKey> keys =
        new ArrayList<>(genesis.encryptionKeys());
    for (int j = 0; j < holders.length; j++) {
      if (holders[j] >= 0) {
        members.set(j, genesis.standby().get(holders[j]).member());
        keys.set(j, genesis.standby().get(holders[j]).encryptionKey());
      }
    }
    return new MpcCommittee(
        genesis.threshold(), members, genesis.protocol(), keys, genesis.standby());
  }

  /** This member's seat now, or -1 (a standby member not seated, or a member replaced). */
  public int self() {
    MpcCommittee now = seated();
    for (int j = 0; j < now.members().size(); j++) {
      if (now.members().get(j).publicKey().equals(identity)) {
        return j;
      }
    }
    return -1;
  }

  /** The seats a standby member holds (their holders may lack inputs sealed before). */
  public List<Integer> standbySeats() {
    List<Integer> out = new ArrayList<>();
    for (int j = 0; j < holders.length; j++) {
      if (holders[j] >= 0) {
        out.add(j);
      }
    }
    return out;
  }

  private void learnCommittees() {
    MpcCommittee now = seated();
    List<InputCommittee.MemberKeys> keys = new ArrayList<>();
    for (int j = 0; j < now.members().size(); j++) {
      keys.add(
          new InputCommittee.MemberKeys(
              now.members().get(j).publicKey(), now.encryptionKeys().get(j)));
    }
    int seat = self();
    for (PlainFormat f : PlainFormat.values()) {
      try {
        InputCommittee c = new InputCommittee(now.threshold(), f, keys);
        committees.putIfAbsent(c.hash(), new Sealed(c, seat));
      } catch (IllegalArgumentException e) {
        // this committee cannot run that sharing (rep4 needs exactly 4 members)
      }
    }
  }

  /** The chain handed seat {@code seat} to standby member {@code standby}. */
  private void replaced(int seat, int standby) {
    holders[seat] = standby;
    ByteBuffer out = ByteBuffer.allocate(4 * holders.length);
    for (int h : holders) {
      out.putInt(h);
    }
    store.put(PROGRESS, "seats", out.array());
    learnCommittees();
  }

  /** Secret inputs this member took its shares of since this object was made (metrics). */
  public long storedInputs() {
    return storedInputs.get();
  }

  /** The height of the last block processed (0 before any). */
  public long processedHeight() {
    return store.get(PROGRESS, "height").map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
  }

  /** Processes one verified block; blocks must come in height order, each once. */
  public int process(VerifiedBlocks.VerifiedBlock block) {
    return process(block, event -> {});
  }

  /** A computation's change of course on the chain (computations.md, attestation.md section 6). */
  public sealed interface ComputationEvent {
    Address contract();

    Bytes32 id();
  }

  /** Attempt 0 of a computation begins. */
  public record Started(Address contract, Bytes32 id) implements ComputationEvent {}

  /** t+1 members reported the previous attempt aborted: {@code attempt} begins. */
  public record Retried(Address contract, Bytes32 id, int attempt) implements ComputationEvent {}

  /** The computation is final with {@code digest}. */
  public record Finished(Address contract, Bytes32 id, Bytes32 digest)
      implements ComputationEvent {}

  /** The computation ended without a result after its last attempt. */
  public record Failed(Address contract, Bytes32 id, int reason) implements ComputationEvent {}

  /** The recipient of private output {@code name} asked for it with {@code publicKey}. */
  public record OutputRequested(Address contract, Bytes32 id, String name, Bytes publicKey)
      implements ComputationEvent {}

  /** The chain handed seat {@code seat} to standby member {@code standby} (ADR 0056). */
  public record SeatChanged(Address contract, Bytes32 id, int seat, int standby)
      implements ComputationEvent {}

  /** Told of each computation event of a block, in order, after the inputs stored before it. */
  @FunctionalInterface
  public interface StartListener {
    void on(ComputationEvent event);
  }

  /**
   * Processes one verified block, telling {@code starts} of each computation started, after the
   * inputs stored before it (and before those stored after it in the same block).
   */
  public int process(VerifiedBlocks.VerifiedBlock block, StartListener starts) {
    if (block.header().height() != processedHeight() + 1) {
      throw new IllegalArgumentException(
          "expected block " + (processedHeight() + 1) + ", got " + block.header().height());
    }
    int stored = 0;
    for (int i = 0; i < block.transactions().size(); i++) {
      SignedTransaction signed = block.transactions().get(i);
      Receipt receipt = block.receipts().get(i);
      if (signed.transaction().kind() == TransactionKind.SECRET_INPUT && receipt.success()) {
        if (SealedBatch.version(signed.transaction().payload()) == SealedBatch.VERSION) {
          awaitDelivery(signed, receipt);
        } else {
          stored += take(signed, receipt) ? 1 : 0;
        }
      }
      if (receipt.success()) {
        for (Event e : receipt.events()) {
          if (e.source().equals(ComputationRegistry.REGISTRY)
              && e.topics().equals(List.of(io.parley.node.execution.CommitteeSeats.REPLACED))) {
            SeatChanged changed =
                RLP.decodeList(
                    e.data(),
                    r -> new SeatChanged(e.source(), Bytes32.ZERO, r.readInt(), r.readInt()));
            replaced(changed.seat(), changed.standby());
            LOG.warn(
                "seat {} is held by standby member {} from block {}",
                changed.seat(),
                changed.standby(),
                block.header().height());
            starts.on(changed);
            continue;
          }
          settles(e);
          computationEvent(e).ifPresent(starts::on);
        }
      }
    }
    store.put(PROGRESS, "height", ByteBuffer.allocate(8).putLong(block.header().height()).array());
    storedInputs.addAndGet(stored);
    return stored;
  }

  private static Optional<ComputationEvent> computationEvent(Event e) {
    if (e.topics().size() != 1) {
      return Optional.empty();
    }
    Bytes32 topic = e.topics().get(0);
    if (topic.equals(STARTED)) {
      return Optional.of(
          new Started(e.source(), RLP.decodeList(e.data(), r -> Bytes32.wrap(r.readValue()))));
    }
    if (topic.equals(RETRIED)) {
      return Optional.of(
          RLP.decodeList(
              e.data(), r -> new Retried(e.source(), Bytes32.wrap(r.readValue()), r.readInt())));
    }
    if (topic.equals(FINISHED)) {
      return Optional.of(
          RLP.decodeList(
              e.data(),
              r ->
                  new Finished(
                      e.source(), Bytes32.wrap(r.readValue()), Bytes32.wrap(r.readValue()))));
    }
    if (topic.equals(io.parley.node.execution.PrivateOutputs.REQUESTED)
        && e.source().equals(io.parley.node.execution.ComputationRegistry.REGISTRY)) {
      return Optional.of(
          RLP.decodeList(
              e.data(),
              r ->
                  new OutputRequested(
                      e.source(),
                      Bytes32.wrap(r.readValue()),
                      new String(
                          r.readValue().toArrayUnsafe(),
                          java.nio.charset.StandardCharsets.US_ASCII),
                      r.readValue())));
    }
    if (topic.equals(FAILED)) {
      return Optional.of(
          RLP.decodeList(
              e.data(), r -> new Failed(e.source(), Bytes32.wrap(r.readValue()), r.readInt())));
    }
    return Optional.empty();
  }

  /** An off-chain input waits for this member's ciphertext (section 9), if it holds a seat. */
  private void awaitDelivery(SignedTransaction signed, Receipt receipt) {
    Address contract = signed.transaction().to().orElseThrow();
    SealedBatch batch = SealedBatch.decode(signed.transaction().payload(), Integer.MAX_VALUE);
    Sealed sealed = committees.get(batch.committeeHash());
    if (sealed == null || sealed.seat() < 0) {
      return;
    }
    // the chain's event is the receipt's last (after every element's on-input rule and its
    // events): the indexes the elements took and the deadline
    Optional<Event> awaiting =
        receipt.events().stream()
            .filter(
                e ->
                    e.source().equals(contract)
                        && e.topics().equals(List.of(OffChainInputs.AWAITING)))
            .reduce((a, b) -> b);
    if (awaiting.isEmpty()) {
      return;
    }
    List<Long> indexes = new ArrayList<>();
    long deadline =
        RLP.decodeList(
            awaiting.get().data(),
            r -> {
              r.readValue();
              r.readLong();
              long d = r.readLong();
              indexes.addAll(OffChainInputs.indexes(r));
              return d;
            });
    offChain.await(signed, contract, batch.collection(), indexes, deadline);
    LOG.info("off-chain input {} waits for member {}'s ciphertext", signed.hash(), sealed.seat());
  }

  /** The chain delivered or rejected an off-chain input: it no longer waits. */
  private void settles(Event e) {
    if (e.topics().size() != 1) {
      return;
    }
    if (e.topics().get(0).equals(OffChainInputs.DELIVERED)) {
      offChain.settled(RLP.decodeList(e.data(), r -> Bytes32.wrap(r.readValue())));
    } else if (e.topics().get(0).equals(ComputationRegistry.REJECTED)) {
      Bytes32 id =
          RLP.decodeList(
              e.data(),
              r -> {
                r.readValue();
                r.readLong();
                return Bytes32.wrap(r.readValue());
              });
      offChain.byFirstElement(id).ifPresent(offChain::settled);
    }
  }

  /**
   * What this member owes the chain for its off-chain inputs now (section 9), at the time of the
   * last block read: an acknowledgement (after keeping each element's shares) or a complaint for
   * each input whose ciphertext arrived, an expiry for each past its deadline.
   */
  public List<OffChainDeliveries.Owed> owedForOffChainInputs(long timestamp) {
    List<OffChainDeliveries.Owed> owed = new ArrayList<>();
    for (OffChainDeliveries.Waiting w : offChain.waiting()) {
      Optional<Bytes> ciphertext = offChain.ciphertext(w.transaction());
      if (!w.answered() && ciphertext.isPresent()) {
        owed.add(new OffChainDeliveries.Owed(w.contract(), answer(w, ciphertext.get())));
        offChain.answered(w.transaction());
      }
      if (!w.expired() && w.deadline() >= 0 && timestamp >= w.deadline()) {
        owed.add(
            new OffChainDeliveries.Owed(
                w.contract(), new OffChainInputs.Notice(10, w.transaction()).encode()));
        offChain.expiring(w.transaction());
      }
    }
    return owed;
  }

  /** Opens this member's ciphertext: keeps every element and acknowledges, or complains. */
  private Bytes answer(OffChainDeliveries.Waiting w, Bytes ciphertext) {
    Transaction tx = w.input().transaction();
    SealedBatch batch = SealedBatch.decode(tx.payload(), Integer.MAX_VALUE);
    Sealed sealed = committees.get(batch.committeeHash());
    InputCommittee committee = sealed.committee();
    int self = sealed.seat();
    int total = committee.format().values(ciphertext.size() - 16);
    InputContext context =
        new InputContext(
            chainId,
            w.input().sender().orElseThrow(),
            tx.nonce(),
            w.contract(),
            batch.collection(),
            0,
            batch.committeeHash());
    Opener.Opened opened =
        Opener.open(
            batch.withCiphertext(self, ciphertext),
            committee,
            context,
            self,
            encryptionKey,
            Math.max(total, 1));
    if (opened instanceof Opener.Shares shares) {
      int m = total / batch.count();
      byte[] plain = shares.plain().toArrayUnsafe();
      // the whole plaintext opens c_j: what a disclosure shows if a check locates this member
      store.put(wholeScope(w.transaction()), "plain", plain);
      for (int e = 0; e < batch.count(); e++) {
        keepPlain(
            w.contract(),
            w.collection(),
            w.indexes().get(e),
            OffChainInputs.elementId(w.transaction(), e),
            w.transaction(),
            committee.format(),
            committee.format().element(plain, m, e));
      }
      storedInputs.addAndGet(batch.count());
      LOG.info(
          "member {} holds the {} elements of off-chain input {}",
          self,
          batch.count(),
          w.transaction());
      return new OffChainInputs.Notice(8, w.transaction()).encode();
    }
    LOG.warn("member {} cannot open off-chain input {}: complaint", self, w.transaction());
    return new OffChainInputs.ComplaintPayload(
            w.input().encoded(), ciphertext, ((Opener.Complained) opened).complaint().encode())
        .encode();
  }

  private void keepPlain(
      Address contract,
      String collection,
      long index,
      Bytes32 id,
      Bytes32 transaction,
      PlainFormat format,
      byte[] plain) {
    store.put(
        slot(contract, collection, index),
        "input",
        RLP.encodeList(
                w -> {
                  w.writeValue(id);
                  w.writeValue(transaction);
                  w.writeString(format.id());
                  w.writeValue(Bytes.wrap(plain));
                })
            .toArrayUnsafe());
  }

  private boolean take(SignedTransaction signed, Receipt receipt) {
    Transaction tx = signed.transaction();
    Address contract = tx.to().orElseThrow();
    Optional<Event> submitted =
        receipt.events().stream()
            .filter(e -> e.source().equals(contract) && e.topics().equals(List.of(SUBMITTED)))
            .reduce((a, b) -> b);
    if (submitted.isEmpty()) {
      return false;
    }
    Submitted event =
        RLP.decodeList(
            submitted.get().data(),
            r ->
                new Submitted(
                    new String(r.readValue().toArrayUnsafe(), StandardCharsets.US_ASCII),
                    r.readLong(),
                    Bytes32.wrap(r.readValue())));
    String collection = event.collection();
    long index = event.index();
    Bytes32 id = event.id();
    SealedInput input = SealedInput.decode(tx.payload(), Integer.MAX_VALUE);
    Sealed sealed = committees.get(input.committeeHash());
    if (sealed == null) {
      throw new IllegalStateException("a stored input names no committee this member followed");
    }
    if (sealed.seat() < 0) {
      // sealed for a committee in which this member holds no seat (a standby member before it
      // took one, or the seat's previous holder): the shares it needs are recovered (ADR 0056)
      return false;
    }
    InputCommittee committee = sealed.committee();
    int self = sealed.seat();
    int ciphertext = input.shares().get(self).ciphertext().size();
    int values = committee.format().values(ciphertext - 16);
    InputContext context =
        new InputContext(
            chainId,
            signed.sender().orElseThrow(),
            tx.nonce(),
            contract,
            input.collection(),
            input.target(),
            input.committeeHash());
    Opener.Opened opened;
    try {
      opened = Opener.open(input, committee, context, self, encryptionKey, Math.max(values, 1));
    } catch (SecretInputException e) {
      LOG.warn("input {} cannot be opened: {}", id, e.getMessage());
      return false;
    }
    switch (opened) {
      case Opener.Shares shares -> {
        keepPlain(
            contract,
            collection,
            index,
            id,
            signed.hash(),
            committee.format(),
            shares.plain().toArrayUnsafe());
        LOG.info("member {} holds input {} at {}[{}] of {}", self, id, collection, index, contract);
        return true;
      }
      case Opener.Complained c -> {
        unopened.add(new Unopened(id, c.complaint(), signed));
        LOG.warn("member {} cannot open input {}: complaint prepared", self, id);
        return false;
      }
    }
  }

  /**
   * Keeps shares this member recovered when it took a seat over (ADR 0056) as it keeps an input it
   * opened: under (contract, collection, index), with a plaintext of the dealt layout.
   */
  public void keep(
      Address contract,
      String collection,
      long index,
      Bytes32 id,
      PlainFormat format,
      io.parley.zk.computation.ShareVector shares) {
    keepPlain(contract, collection, index, id, Bytes32.ZERO, format, format.ofShares(shares));
  }

  /** What this member holds at (contract, collection, index), if anything. */
  public Optional<HeldInput> held(Address contract, String collection, long index) {
    return store
        .get(slot(contract, collection, index), "input")
        .map(
            b ->
                RLP.decodeList(
                    Bytes.wrap(b),
                    r ->
                        new HeldInput(
                            Bytes32.wrap(r.readValue()),
                            Bytes32.wrap(r.readValue()),
                            PlainFormat.byId(r.readString()),
                            r.readValue())));
  }

  /**
   * This member's whole plaintext of the off-chain input {@code transaction} (every element, its
   * salt: it opens c_j), kept for a disclosure (secret-inputs.md section 6.1).
   */
  public Optional<byte[]> wholePlain(Bytes32 transaction) {
    return store.get(wholeScope(transaction), "plain");
  }

  private static Bytes32 wholeScope(Bytes32 transaction) {
    return io.parley.base.crypto.Hashing.keccak256(
        Bytes.wrap("parley/offchain-plain".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        transaction);
  }

  /** Inputs this member could not open, with the complaint it would publish. */
  public List<Unopened> unopened() {
    return List.copyOf(unopened);
  }

  private static Bytes32 slot(Address contract, String collection, long index) {
    return Hashing.keccak256(
        Bytes.wrap("parley/mpc-member/input".getBytes(StandardCharsets.UTF_8)),
        contract.bytes(),
        Bytes.wrap(collection.getBytes(StandardCharsets.US_ASCII)),
        Bytes.ofUnsignedLong(index));
  }
}

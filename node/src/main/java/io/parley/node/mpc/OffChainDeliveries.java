package io.parley.node.mpc;

import io.parley.base.crypto.Hashing;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.execution.OffChainInputs;
import io.parley.zk.computation.MemberStore;
import io.parley.zk.inputs.SealedBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Member j's off-chain inputs (secret-inputs.md section 9): the inputs of final blocks that wait
 * for its ciphertext, the ciphertexts its input endpoint accepted (only those a waiting input's
 * digest names), and what it owes the chain for each: an acknowledgement or complaint once it has
 * the ciphertext, an expiry after the deadline. Kept in the member's store, so a restart loses
 * neither a waiting input nor an accepted ciphertext.
 */
public final class OffChainDeliveries {
  private static final Bytes32 INDEX =
      Hashing.keccak256(Bytes.wrap("parley/mpc-member/offchain".getBytes(StandardCharsets.UTF_8)));

  /** What an endpoint answers: an HTTP status and a message. */
  public record Answer(int status, String message) {}

  /**
   * An input waiting for delivery; {@code answered}: acknowledged or complained; {@code expired}.
   */
  record Waiting(
      Bytes32 transaction,
      SignedTransaction input,
      Address contract,
      String collection,
      long deadline,
      List<Long> indexes,
      boolean answered,
      boolean expired) {
    byte[] encode() {
      return RLP.encodeList(
              w -> {
                w.writeValue(input.encoded());
                w.writeValue(contract.bytes());
                w.writeString(collection);
                w.writeLong(deadline);
                w.writeList(indexes, (lw, i) -> lw.writeLong(i));
                w.writeInt(answered ? 1 : 0);
                w.writeInt(expired ? 1 : 0);
              })
          .toArray();
    }

    static Waiting decode(byte[] b, int maxTransactionSize) {
      return RLP.decodeList(
          Bytes.wrap(b),
          r -> {
            SignedTransaction input = SignedTransaction.decode(r.readValue(), maxTransactionSize);
            Address contract = new Address(r.readValue());
            String collection = r.readString();
            long deadline = r.readLong();
            List<Long> indexes = OffChainInputs.indexes(r);
            return new Waiting(
                input.hash(),
                input,
                contract,
                collection,
                deadline,
                indexes,
                r.readInt() == 1,
                r.readInt() == 1);
          });
    }

    Waiting withAnswer() {
      return new Waiting(
          transaction, input, contract, collection, deadline, indexes, true, expired);
    }

    Waiting withExpiry() {
      return new Waiting(
          transaction, input, contract, collection, deadline, indexes, answered, true);
    }
  }

  /** A transaction this member owes the chain: kind 4 to {@code contract}. */
  public record Owed(Address contract, Bytes payload) {}

  private final MemberStore store;
  private final int maxTransactionSize;
  private final Map<Bytes32, Waiting> waiting = new ConcurrentHashMap<>();

  OffChainDeliveries(MemberStore store, int maxTransactionSize) {
    this.store = store;
    this.maxTransactionSize = maxTransactionSize;
    store
        .get(INDEX, "waiting")
        .ifPresent(
            b -> {
              for (int i = 0; i + 32 <= b.length; i += 32) {
                Bytes32 tx = Bytes32.wrap(b, i);
                // what was owed before a restart is owed again: the transaction may not have
                // reached the chain (a second acknowledgement only fails, changing nothing)
                store
                    .get(scope(tx), "waiting")
                    .map(w -> Waiting.decode(w, maxTransactionSize))
                    .ifPresent(
                        w ->
                            waiting.put(
                                tx,
                                new Waiting(
                                    w.transaction(),
                                    w.input(),
                                    w.contract(),
                                    w.collection(),
                                    w.deadline(),
                                    w.indexes(),
                                    false,
                                    false)));
              }
            });
  }

  private static Bytes32 scope(Bytes32 transaction) {
    return Hashing.keccak256(
        Bytes.wrap("parley/mpc-member/offchain-input".getBytes(StandardCharsets.UTF_8)),
        transaction);
  }

  private synchronized void save(Waiting w) {
    store.put(scope(w.transaction()), "waiting", w.encode());
    waiting.put(w.transaction(), w);
    writeIndex();
  }

  private void writeIndex() {
    byte[] all = new byte[32 * waiting.size()];
    int i = 0;
    for (Bytes32 tx : waiting.keySet()) {
      System.arraycopy(tx.toArrayUnsafe(), 0, all, 32 * i++, 32);
    }
    store.put(INDEX, "waiting", all);
  }

  /** A final block stored an off-chain input sealed for a committee in which this member sits. */
  void await(
      SignedTransaction input,
      Address contract,
      String collection,
      List<Long> indexes,
      long deadline) {
    save(new Waiting(input.hash(), input, contract, collection, deadline, indexes, false, false));
  }

  /** The chain delivered or rejected the input: nothing more is owed, the ciphertext goes. */
  synchronized void settled(Bytes32 transaction) {
    if (waiting.remove(transaction) != null) {
      store.forget(scope(transaction));
      writeIndex();
    }
  }

  /** The input whose element 0 has id {@code id}, if one waits (an {@code InputRejected}). */
  Optional<Bytes32> byFirstElement(Bytes32 id) {
    return waiting.keySet().stream()
        .filter(tx -> OffChainInputs.elementId(tx, 0).equals(id))
        .findFirst();
  }

  /**
   * The endpoint's side: takes member {@code seat}'s ciphertext of {@code transaction} if a waiting
   * input's digest names it. Every answer follows from the chain and the request alone.
   */
  public Answer accept(Bytes32 transaction, int seat, int self, Bytes ciphertext) {
    if (self < 0) {
      return new Answer(421, "this member holds no seat now");
    }
    if (seat != self) {
      return new Answer(421, "this endpoint is member " + self + "'s, not member " + seat + "'s");
    }
    Waiting w = waiting.get(transaction);
    if (w == null) {
      return new Answer(
          404,
          "no off-chain input "
              + transaction
              + " waits for this member (not in a final block yet, or already settled)");
    }
    SealedBatch batch = SealedBatch.decode(w.input().transaction().payload(), maxTransactionSize);
    if (seat >= batch.members().size() || !batch.matches(seat, ciphertext)) {
      return new Answer(409, "the body's keccak256 is not member " + seat + "'s digest h_j");
    }
    store.put(scope(transaction), "ciphertext", ciphertext.toArray());
    return new Answer(200, "accepted");
  }

  /** The ciphertext accepted for a waiting input, if any. */
  Optional<Bytes> ciphertext(Bytes32 transaction) {
    return store.get(scope(transaction), "ciphertext").map(Bytes::wrap);
  }

  /** Inputs waiting, in no order. */
  List<Waiting> waiting() {
    return List.copyOf(waiting.values());
  }

  synchronized void answered(Bytes32 transaction) {
    Optional.ofNullable(waiting.get(transaction)).ifPresent(w -> save(w.withAnswer()));
  }

  synchronized void expiring(Bytes32 transaction) {
    Optional.ofNullable(waiting.get(transaction)).ifPresent(w -> save(w.withExpiry()));
  }
}

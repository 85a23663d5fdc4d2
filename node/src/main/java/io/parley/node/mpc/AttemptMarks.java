package io.parley.node.mpc;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.zk.computation.MemberStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * What a member keeps of the attempts it took part in (ADR 0037), in its store: per computation the
 * attempt, whether it voted and for which digest, and the list of computations still open, so that
 * a restarted member knows which attempt it lost.
 */
final class AttemptMarks {
  private static final Bytes32 ATTEMPTS =
      Hashing.keccak256(Bytes.wrap("parley/mpc-member/attempts".getBytes(StandardCharsets.UTF_8)));

  /** One computation's mark. */
  record Mark(Address contract, int attempt, boolean voted, Bytes32 digest) {
    byte[] encode() {
      return RLP.encodeList(
              w -> {
                w.writeValue(contract.bytes());
                w.writeLong(attempt);
                w.writeLong(voted ? 1 : 0);
                w.writeValue(digest);
              })
          .toArrayUnsafe();
    }

    static Mark decode(byte[] b) {
      return RLP.decodeList(
          Bytes.wrap(b),
          r ->
              new Mark(
                  new Address(r.readValue()),
                  r.readInt(),
                  r.readLong() == 1,
                  Bytes32.wrap(r.readValue())));
    }
  }

  private final MemberStore store;

  AttemptMarks(MemberStore store) {
    this.store = store;
  }

  Optional<Mark> get(Bytes32 id) {
    return store.get(ATTEMPTS, id.toHexString()).map(Mark::decode);
  }

  /** Marks the computation, and keeps it open. */
  void put(Bytes32 id, Mark m) {
    store.put(ATTEMPTS, id.toHexString(), m.encode());
    List<String> open = open();
    if (!open.contains(id.toHexString())) {
      open.add(id.toHexString());
      write(open);
    }
  }

  /** The computations still open, as hex ids. */
  List<String> open() {
    return store
        .get(ATTEMPTS, "open")
        .map(b -> new String(b, StandardCharsets.US_ASCII))
        .filter(t -> !t.isEmpty())
        .map(t -> new ArrayList<>(List.of(t.split(","))))
        .orElseGet(ArrayList::new);
  }

  /** The computation is over: no longer open. */
  void close(Bytes32 id) {
    List<String> open = open();
    if (open.remove(id.toHexString())) {
      write(open);
    }
  }

  private void write(List<String> open) {
    store.put(ATTEMPTS, "open", String.join(",", open).getBytes(StandardCharsets.US_ASCII));
  }
}

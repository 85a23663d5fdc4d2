package io.parley.base.block;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/**
 * The outcome of one transaction. A failed transaction still consumes its nonce and pays for the
 * gas it used; its other effects are rolled back and {@code failureReason} says why. Encoding:
 * RLP([transactionHash, status, gasUsed, [event, ...], failureReason]).
 */
public record Receipt(
    Bytes32 transactionHash,
    boolean success,
    long gasUsed,
    List<Event> events,
    Optional<String> failureReason) {

  public Receipt {
    Objects.requireNonNull(transactionHash, "transactionHash");
    events = List.copyOf(events);
    Objects.requireNonNull(failureReason, "failureReason");
    if (success == failureReason.isPresent()) {
      throw new IllegalArgumentException(
          "a failure reason is required exactly when success is false");
    }
  }

  public static Receipt success(Bytes32 txHash, long gasUsed, List<Event> events) {
    return new Receipt(txHash, true, gasUsed, events, Optional.empty());
  }

  public static Receipt failure(Bytes32 txHash, long gasUsed, String reason) {
    return new Receipt(txHash, false, gasUsed, List.of(), Optional.of(reason));
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeValue(transactionHash);
          w.writeLong(success ? 1 : 0);
          w.writeLong(gasUsed);
          w.writeList(events, (ew, e) -> ew.writeList(e::write));
          w.writeValue(Bytes.wrap(failureReason.orElse("").getBytes(StandardCharsets.UTF_8)));
        });
  }

  public static Receipt decode(Bytes input) {
    return Rlp.decodeCanonical(input, "receipt", Receipt::readFields, Receipt::encode);
  }

  /** Reads the fields of a receipt from inside its RLP list. */
  public static Receipt readFields(RLPReader r) {
    Bytes32 txHash = Rlp.readBytes32(r, "transactionHash");
    long status = Rlp.readUint63(r, "status");
    if (status > 1) {
      throw new EncodingException("receipt status must be 0 or 1");
    }
    long gasUsed = Rlp.readUint63(r, "gasUsed");
    List<Event> events =
        r.readList(
            er -> {
              List<Event> out = new ArrayList<>();
              while (!er.isComplete()) {
                out.add(er.readList(Event::read));
              }
              return out;
            });
    String reason = new String(r.readValue().toArrayUnsafe(), StandardCharsets.UTF_8);
    Rlp.requireComplete(r, "receipt");
    return new Receipt(
        txHash, status == 1, gasUsed, events, status == 1 ? Optional.empty() : Optional.of(reason));
  }

  public Bytes32 hash() {
    return Hashing.keccak256(encode());
  }

  public static Bytes32 receiptsRoot(List<Receipt> receipts) {
    return MerkleRoot.of(receipts.stream().map(Receipt::hash).toList());
  }
}

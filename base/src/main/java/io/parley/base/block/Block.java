package io.parley.base.block;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.SignedTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/** A header and its ordered transactions. Encoding: RLP([header, [tx, ...]]). */
public record Block(BlockHeader header, List<SignedTransaction> transactions) {
  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
  }

  public Bytes32 hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeList(header::write);
          w.writeList(txs -> transactions.forEach(tx -> txs.writeRLP(tx.encoded())));
        });
  }

  public static Block decode(Bytes input, int maxTransactionSize) {
    return Rlp.decodeCanonical(input, "block", r -> read(r, maxTransactionSize), Block::encode);
  }

  private static Block read(RLPReader r, int maxTransactionSize) {
    BlockHeader header = r.readList(BlockHeader::read);
    List<SignedTransaction> txs =
        r.readList(
            list -> {
              List<SignedTransaction> out = new ArrayList<>();
              while (!list.isComplete()) {
                if (!list.nextIsList()) {
                  throw new EncodingException("block transaction is not an RLP list");
                }
                SignedTransaction tx = list.readList(SignedTransaction::readFields);
                if (tx.size() > maxTransactionSize) {
                  throw new EncodingException(
                      "block transaction larger than " + maxTransactionSize);
                }
                out.add(tx);
              }
              return out;
            });
    Rlp.requireComplete(r, "block");
    return new Block(header, txs);
  }

  /** The transactions root a header must carry for this list. */
  public static Bytes32 transactionsRoot(List<SignedTransaction> transactions) {
    return MerkleRoot.of(transactions.stream().map(SignedTransaction::hash).toList());
  }
}

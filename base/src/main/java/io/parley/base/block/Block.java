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

  /** Decodes a block; linear in its size, strict about canonical encoding. */
  public static Block decode(Bytes input, int maxTransactionSize) {
    List<Bytes> parts = Rlp.splitList(input, "block");
    if (parts.size() != 2) {
      throw new EncodingException("malformed block: expected [header, transactions]");
    }
    BlockHeader header = BlockHeader.decode(parts.get(0));
    List<Bytes> encodedTxs = Rlp.splitList(parts.get(1), "block transactions");
    List<SignedTransaction> txs = new ArrayList<>(encodedTxs.size());
    for (Bytes encoded : encodedTxs) {
      txs.add(SignedTransaction.decode(encoded, maxTransactionSize));
    }
    return new Block(header, txs);
  }

  /** The transactions root a header must carry for this list. */
  public static Bytes32 transactionsRoot(List<SignedTransaction> transactions) {
    return MerkleRoot.of(transactions.stream().map(SignedTransaction::hash).toList());
  }
}

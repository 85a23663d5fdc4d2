package io.parley.node.storage;

import io.parley.base.encoding.Rlp;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/** Where a committed transaction sits: block hash, height and index in the block. */
public record TransactionLocation(Bytes32 blockHash, long height, int index) {
  Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeValue(blockHash);
          w.writeLong(height);
          w.writeLong(index);
        });
  }

  static TransactionLocation decode(Bytes bytes) {
    return Rlp.decodeCanonical(
        bytes,
        "transaction location",
        r ->
            new TransactionLocation(
                Rlp.readBytes32(r, "blockHash"),
                Rlp.readUint63(r, "height"),
                (int) Rlp.readUint63(r, "index")),
        TransactionLocation::encode);
  }
}

package io.parley.consensus.messages;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * Block sync request, served by the host from storage (the consensus core never answers it): the
 * committed blocks {@code fromHeight..toHeight} inclusive, each with its commit certificate. A
 * server may answer with a prefix (at most {@link BlockResponse#MAX_BLOCKS} blocks). Bytes:
 * RLP([16, fromHeight, toHeight]).
 */
public record BlockRequest(long fromHeight, long toHeight) {
  public static final int KIND = 16;

  public BlockRequest {
    if (fromHeight < 1 || toHeight < fromHeight) {
      throw new IllegalArgumentException("need 1 <= fromHeight <= toHeight");
    }
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeInt(KIND);
          w.writeLong(fromHeight);
          w.writeLong(toHeight);
        });
  }

  public static BlockRequest decode(Bytes input) {
    return Rlp.decodeCanonical(
        input,
        "block request",
        r -> {
          if (Rlp.readUint63(r, "kind") != KIND) {
            throw new EncodingException("not a block request");
          }
          long from = Rlp.readUint63(r, "fromHeight");
          long to = Rlp.readUint63(r, "toHeight");
          Rlp.requireComplete(r, "block request");
          if (from < 1 || to < from) {
            throw new EncodingException("block request needs 1 <= fromHeight <= toHeight");
          }
          return new BlockRequest(from, to);
        },
        BlockRequest::encode);
  }
}

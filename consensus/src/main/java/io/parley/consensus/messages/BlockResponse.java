package io.parley.consensus.messages;

import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * The answer to a {@link BlockRequest}: consecutive committed blocks with certificates, lowest
 * first, at most {@link #MAX_BLOCKS}. Empty when the server has none of them. Bytes: RLP([17,
 * [[blockBytes, certificateBytes], ...]]).
 */
public record BlockResponse(List<CertifiedBlock> blocks) {
  public static final int KIND = 17;
  public static final int MAX_BLOCKS = 64;

  public BlockResponse {
    blocks = List.copyOf(blocks);
    if (blocks.size() > MAX_BLOCKS) {
      throw new IllegalArgumentException("at most " + MAX_BLOCKS + " blocks per response");
    }
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeInt(KIND);
          w.writeList(
              blocks,
              (lw, b) ->
                  lw.writeList(
                      x -> {
                        x.writeValue(b.block().encode());
                        x.writeValue(b.certificate().encode());
                      }));
        });
  }

  public static BlockResponse decode(Bytes input, int maxTransactionSize) {
    return Rlp.decodeCanonical(
        input,
        "block response",
        r -> {
          if (Rlp.readUint63(r, "kind") != KIND) {
            throw new EncodingException("not a block response");
          }
          List<CertifiedBlock> blocks =
              r.readList(
                  l -> {
                    List<CertifiedBlock> out = new ArrayList<>();
                    while (!l.isComplete()) {
                      if (out.size() == MAX_BLOCKS) {
                        throw new EncodingException("more than " + MAX_BLOCKS + " blocks");
                      }
                      out.add(
                          l.readList(
                              x -> {
                                CertifiedBlock b =
                                    MessageCodec.readCertifiedFields(x, maxTransactionSize);
                                Rlp.requireComplete(x, "certified block");
                                return b;
                              }));
                    }
                    return out;
                  });
          Rlp.requireComplete(r, "block response");
          return new BlockResponse(blocks);
        },
        BlockResponse::encode);
  }
}

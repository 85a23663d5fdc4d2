package io.parley.consensus.messages;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.base.crypto.Signature;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * Canonical bytes of {@link ConsensusMessage}s (docs/spec/consensus-messages.md). Decoding is
 * strict: one encoding per message, no trailing bytes, sizes bounded. It checks form only;
 * signatures and quorums are checked by {@code io.parley.consensus.validation}.
 */
public final class MessageCodec {
  public static final int PROPOSAL = 1;
  public static final int VOTE = 2;
  public static final int COMMIT_DECISION = 3;

  private final int maxTransactionSize;

  /** {@code maxTransactionSize} bounds every transaction inside a block (genesis parameter). */
  public MessageCodec(int maxTransactionSize) {
    this.maxTransactionSize = maxTransactionSize;
  }

  public static Bytes encode(ConsensusMessage message) {
    return RLP.encodeList(w -> write(w, message));
  }

  /** Decodes one message; throws {@link EncodingException} if the bytes are not canonical. */
  public ConsensusMessage decode(Bytes input) {
    return Rlp.decodeCanonical(input, "consensus message", this::read, MessageCodec::encode);
  }

  /**
   * The kind of an encoded frame (its first RLP item): 1-3 for consensus messages, {@link
   * BlockRequest#KIND} or {@link BlockResponse#KIND} for block sync; empty if the bytes are not an
   * RLP list starting with a small integer. For dispatch only; decode fully before use.
   */
  public static OptionalInt kindOf(Bytes frame) {
    try {
      long kind = RLP.decodeList(frame, r -> Rlp.readUint63(r, "kind"));
      return kind <= 255 ? OptionalInt.of((int) kind) : OptionalInt.empty();
    } catch (RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private static void write(RLPWriter w, ConsensusMessage message) {
    switch (message) {
      case Proposal p -> {
        w.writeInt(PROPOSAL);
        w.writeLong(p.height());
        w.writeLong(p.round());
        w.writeValue(p.block().encode());
        w.writeList(
            l ->
                p.polka()
                    .ifPresent(
                        polka -> {
                          l.writeLong(polka.round());
                          writeSignatures(l, polka.prevotes());
                        }));
        w.writeInt(p.proposerIndex());
        w.writeValue(p.signature().toBytes());
      }
      case Vote v -> {
        w.writeInt(VOTE);
        w.writeInt(v.type().code());
        w.writeLong(v.height());
        w.writeLong(v.round());
        w.writeValue(v.blockHash().map(Bytes.class::cast).orElse(Bytes.EMPTY));
        w.writeInt(v.validatorIndex());
        w.writeValue(v.signature().toBytes());
      }
      case CommitDecision d -> {
        w.writeInt(COMMIT_DECISION);
        w.writeValue(d.certificate().encode());
      }
    }
  }

  /** Writes [[index, signature], ...], the shape of commit-certificate votes. */
  static void writeSignatures(RLPWriter w, List<CommitVote> votes) {
    w.writeList(
        votes,
        (lw, v) ->
            lw.writeList(
                x -> {
                  x.writeInt(v.validatorIndex());
                  x.writeValue(v.signature().toBytes());
                }));
  }

  private ConsensusMessage read(RLPReader r) {
    long kind = Rlp.readUint63(r, "message kind");
    ConsensusMessage message =
        switch ((int) Math.min(kind, Integer.MAX_VALUE)) {
          case PROPOSAL -> readProposal(r);
          case VOTE -> readVote(r);
          case COMMIT_DECISION -> readDecision(r);
          default -> throw new EncodingException("unknown consensus message kind " + kind);
        };
    Rlp.requireComplete(r, "consensus message");
    return message;
  }

  private Proposal readProposal(RLPReader r) {
    long height = positive(Rlp.readUint63(r, "height"), "height");
    long round = Rlp.readUint63(r, "round");
    Block block = Block.decode(r.readValue(), maxTransactionSize);
    Optional<PolkaCertificate> polka =
        r.readList(
            l -> {
              if (l.isComplete()) {
                return Optional.<PolkaCertificate>empty();
              }
              long validRound = Rlp.readUint63(l, "validRound");
              List<CommitVote> prevotes = readSignatures(l);
              Rlp.requireComplete(l, "polka");
              return Optional.of(new PolkaCertificate(validRound, prevotes));
            });
    int proposer = readIndex(r, "proposerIndex");
    Signature signature = readSignature(r);
    return new Proposal(height, round, block, polka, proposer, signature);
  }

  private static Vote readVote(RLPReader r) {
    long code = Rlp.readUint63(r, "vote type");
    VoteType type =
        VoteType.fromCode(code)
            .orElseThrow(() -> new EncodingException("unknown vote type " + code));
    long height = positive(Rlp.readUint63(r, "height"), "height");
    long round = Rlp.readUint63(r, "round");
    Bytes hash = r.readValue();
    Optional<Bytes32> blockHash;
    if (hash.isEmpty()) {
      blockHash = Optional.empty();
    } else if (hash.size() == 32) {
      blockHash = Optional.of(Bytes32.wrap(hash));
    } else {
      throw new EncodingException("vote block hash must be 32 bytes or empty");
    }
    int index = readIndex(r, "validatorIndex");
    return new Vote(type, height, round, blockHash, index, readSignature(r));
  }

  private static CommitDecision readDecision(RLPReader r) {
    CommitCertificate certificate = CommitCertificate.decode(r.readValue());
    if (certificate.height() < 1) {
      throw new EncodingException("decision height must be >= 1");
    }
    return new CommitDecision(certificate);
  }

  /** Reads the fields [blockBytes, certificateBytes] of a certified block. */
  static CertifiedBlock readCertifiedFields(RLPReader r, int maxTransactionSize) {
    Block block = Block.decode(r.readValue(), maxTransactionSize);
    CommitCertificate certificate = CommitCertificate.decode(r.readValue());
    return new CertifiedBlock(block, certificate);
  }

  static List<CommitVote> readSignatures(RLPReader r) {
    return r.readList(
        l -> {
          List<CommitVote> out = new ArrayList<>();
          while (!l.isComplete()) {
            out.add(
                l.readList(
                    x -> {
                      int index = readIndex(x, "validatorIndex");
                      Signature signature = readSignature(x);
                      Rlp.requireComplete(x, "signature entry");
                      return new CommitVote(index, signature);
                    }));
          }
          return out;
        });
  }

  static int readIndex(RLPReader r, String field) {
    long value = Rlp.readUint63(r, field);
    if (value > Integer.MAX_VALUE) {
      throw new EncodingException(field + " out of range");
    }
    return (int) value;
  }

  static Signature readSignature(RLPReader r) {
    Bytes raw = r.readValue();
    if (raw.size() != Signature.SIZE || (raw.get(64) & 0xff) > 1) {
      throw new EncodingException("signature must be 65 bytes r || s || recoveryId(0 or 1)");
    }
    return Signature.fromBytes(raw);
  }

  private static long positive(long value, String field) {
    if (value < 1) {
      throw new EncodingException(field + " must be >= 1");
    }
    return value;
  }
}

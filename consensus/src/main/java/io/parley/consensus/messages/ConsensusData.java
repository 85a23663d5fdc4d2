package io.parley.consensus.messages;

import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;

/**
 * What the consensus protocol puts in {@link BlockHeader#consensusData()}: the round the block was
 * built for and the commit certificate of its parent (absent only for height 1, whose parent is
 * genesis). The chain therefore carries a certificate for every block but the newest, which is
 * stored beside it. Bytes: RLP([round, parentCertificate]) with the certificate's own RLP encoding
 * as a byte string, or the empty string when absent (docs/spec/certificates.md).
 */
public record ConsensusData(long round, Optional<CommitCertificate> parentCertificate) {
  public ConsensusData {
    Objects.requireNonNull(parentCertificate, "parentCertificate");
    if (round < 0) {
      throw new IllegalArgumentException("round must be >= 0");
    }
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(round);
          w.writeValue(parentCertificate.map(CommitCertificate::encode).orElse(Bytes.EMPTY));
        });
  }

  /** Strict decoding; throws {@link EncodingException} on anything but the canonical form. */
  public static ConsensusData decode(Bytes input) {
    return Rlp.decodeCanonical(input, "consensus data", ConsensusData::read, ConsensusData::encode);
  }

  private static ConsensusData read(RLPReader r) {
    long round = Rlp.readUint63(r, "round");
    Bytes certificate = r.readValue();
    Rlp.requireComplete(r, "consensus data");
    Optional<CommitCertificate> parent =
        certificate.isEmpty()
            ? Optional.empty()
            : Optional.of(CommitCertificate.decode(certificate));
    return new ConsensusData(round, parent);
  }

  /** Decodes the consensus data of {@code header}. */
  public static ConsensusData of(BlockHeader header) {
    return decode(header.consensusData());
  }
}

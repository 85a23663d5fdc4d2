package io.parley.base.block;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import io.parley.base.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * A block header. {@code stateRoot} is the state after executing this block's transactions; {@code
 * consensusData} is opaque to execution and belongs to the consensus protocol (for BFT: round and
 * the parent's commit certificate). Hash: keccak256 of the RLP list of the fields in declaration
 * order (docs/spec/blocks.md).
 */
public record BlockHeader(
    long height,
    Bytes32 parentHash,
    long timestamp,
    Address proposer,
    Bytes32 transactionsRoot,
    Bytes32 stateRoot,
    Bytes32 receiptsRoot,
    long gasUsed,
    Bytes consensusData) {

  public static final int MAX_CONSENSUS_DATA = 64 * 1024;

  public BlockHeader {
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(transactionsRoot, "transactionsRoot");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(receiptsRoot, "receiptsRoot");
    Objects.requireNonNull(consensusData, "consensusData");
    if (height < 0 || timestamp < 0 || gasUsed < 0) {
      throw new IllegalArgumentException("height, timestamp and gasUsed must be non-negative");
    }
  }

  public Bytes encode() {
    return RLP.encodeList(this::write);
  }

  void write(RLPWriter w) {
    w.writeLong(height);
    w.writeValue(parentHash);
    w.writeLong(timestamp);
    w.writeValue(proposer.bytes());
    w.writeValue(transactionsRoot);
    w.writeValue(stateRoot);
    w.writeValue(receiptsRoot);
    w.writeLong(gasUsed);
    w.writeValue(consensusData);
  }

  static BlockHeader read(RLPReader r) {
    long height = Rlp.readUint63(r, "height");
    Bytes32 parent = Rlp.readBytes32(r, "parentHash");
    long timestamp = Rlp.readUint63(r, "timestamp");
    Bytes proposer = r.readValue();
    if (proposer.size() != Address.SIZE) {
      throw new EncodingException("proposer must be 20 bytes");
    }
    Bytes32 txRoot = Rlp.readBytes32(r, "transactionsRoot");
    Bytes32 stateRoot = Rlp.readBytes32(r, "stateRoot");
    Bytes32 receiptsRoot = Rlp.readBytes32(r, "receiptsRoot");
    long gasUsed = Rlp.readUint63(r, "gasUsed");
    Bytes consensusData = r.readValue();
    if (consensusData.size() > MAX_CONSENSUS_DATA) {
      throw new EncodingException("consensusData larger than " + MAX_CONSENSUS_DATA + " bytes");
    }
    Rlp.requireComplete(r, "block header");
    return new BlockHeader(
        height,
        parent,
        timestamp,
        new Address(proposer),
        txRoot,
        stateRoot,
        receiptsRoot,
        gasUsed,
        consensusData);
  }

  public static BlockHeader decode(Bytes input) {
    return Rlp.decodeCanonical(input, "block header", BlockHeader::read, BlockHeader::encode);
  }

  public Bytes32 hash() {
    return Hashing.keccak256(encode());
  }
}

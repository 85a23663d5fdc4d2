package io.parley.genesis;

import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * Everything a chain starts from (docs/spec/genesis.md). Its {@link #configHash()} is committed in
 * the genesis block, so two nodes with the same genesis hash agree on every field here.
 */
public record GenesisConfig(
    long chainId,
    long timestamp,
    List<Allocation> alloc,
    ValidatorSet validators,
    MpcCommittee mpcCommittee,
    ConsensusParameters consensus,
    ExecutionParameters execution) {

  public GenesisConfig {
    if (chainId < 1) {
      throw new GenesisException("chainId must be a positive integer");
    }
    if (timestamp < 0) {
      throw new GenesisException("timestamp must be non-negative milliseconds since the epoch");
    }
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(mpcCommittee, "mpcCommittee");
    Objects.requireNonNull(consensus, "consensus");
    Objects.requireNonNull(execution, "execution");
    alloc = alloc.stream().sorted(Comparator.comparing(Allocation::address)).toList();
    Set<Address> seen = new HashSet<>();
    for (Allocation a : alloc) {
      if (!seen.add(a.address())) {
        throw new GenesisException("alloc: address " + a.address() + " appears twice");
      }
    }
  }

  /**
   * keccak256 of RLP([chainId, timestamp, alloc, validators, mpcCommittee, consensus, execution])
   * with each part encoded as in docs/spec/genesis.md.
   */
  public Bytes32 configHash() {
    Bytes encoded =
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeLong(timestamp);
              w.writeList(
                  alloc,
                  (aw, a) ->
                      aw.writeList(
                          x -> {
                            x.writeValue(a.address().bytes());
                            x.writeValue(a.balance().toMinimalBytes());
                          }));
              writeMembers(w, validators.validators());
              w.writeList(
                  c -> {
                    c.writeLong(mpcCommittee.threshold());
                    writeMembers(c, mpcCommittee.members());
                    // a pinned protocol is a third item; absent, the list (and hash) is as before
                    boolean keys = !mpcCommittee.encryptionKeys().isEmpty();
                    if (mpcCommittee.protocol().isPresent() || keys) {
                      c.writeValue(
                          Bytes.wrap(
                              mpcCommittee
                                  .protocol()
                                  .orElse("")
                                  .getBytes(StandardCharsets.US_ASCII)));
                    }
                    // encryption keys are a fourth item, only when present
                    if (keys) {
                      c.writeList(
                          mpcCommittee.encryptionKeys(), (kw, k) -> kw.writeValue(k.bytes()));
                    }
                    // standby members are a fifth item, only when there are some
                    if (!mpcCommittee.standby().isEmpty()) {
                      c.writeList(
                          mpcCommittee.standby(),
                          (sw, b) ->
                              sw.writeList(
                                  x -> {
                                    x.writeValue(b.member().address().bytes());
                                    x.writeValue(b.member().publicKey().bytes());
                                    x.writeValue(b.encryptionKey().bytes());
                                  }));
                    }
                  });
              w.writeList(
                  c -> {
                    c.writeLong(consensus.blockPeriodMillis());
                    c.writeLong(consensus.emptyBlockIntervalMillis());
                    c.writeLong(consensus.roundTimeoutMillis());
                    c.writeLong(consensus.maxBlockTransactions());
                    c.writeLong(consensus.maxBlockGas());
                  });
              w.writeList(
                  e -> {
                    e.writeValue(execution.minGasPrice().toMinimalBytes());
                    e.writeLong(execution.transactionBaseGas());
                    e.writeLong(execution.payloadByteGas());
                    e.writeLong(execution.maxTransactionSize());
                  });
            });
    return Hashing.keccak256(encoded);
  }

  private static void writeMembers(RLPWriter w, List<Validator> members) {
    w.writeList(
        members,
        (mw, m) ->
            mw.writeList(
                x -> {
                  x.writeValue(m.address().bytes());
                  x.writeValue(m.publicKey().bytes());
                }));
  }
}

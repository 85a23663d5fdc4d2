package io.parley.consensus.simulation;

import io.parley.base.block.Block;
import io.parley.base.crypto.KeyPair;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The Byzantine part of a simulated validator: it runs the honest protocol, and this turns each
 * outgoing message into one or two signed versions; the node sends each peer one of them. Signs
 * with the validator's real key, bypassing the protocol's signing guard.
 */
final class Adversary {
  private final Behaviour behaviour;
  private final KeyPair key;
  private final int index;
  private final SplittableRandom random;
  private final Map<Long, List<Bytes32>> seenByHeight = new HashMap<>();
  private final Map<List<Long>, Bytes32[]> equivocations = new HashMap<>();

  Adversary(Behaviour behaviour, KeyPair key, int index, SplittableRandom random) {
    this.behaviour = behaviour;
    this.key = key;
    this.index = index;
    this.random = random;
  }

  /** Remembers block hashes proposed to it, to vote for them later. */
  void observe(ConsensusMessage message) {
    if (message instanceof Proposal p) {
      List<Bytes32> seen = seenByHeight.computeIfAbsent(p.height(), h -> new ArrayList<>());
      if (!seen.contains(p.blockHash())) {
        seen.add(p.blockHash());
      }
    }
  }

  /** A silent validator does not answer block requests either. */
  boolean servesBlocks() {
    return behaviour != Behaviour.SILENT;
  }

  List<ConsensusMessage> versions(ConsensusMessage message) {
    return switch (behaviour) {
      case HONEST -> List.of(message);
      case SILENT -> List.of();
      case EQUIVOCATING_PROPOSER -> equivocate(message);
      case DOUBLE_VOTER ->
          message instanceof Vote v ? List.of(v, conflicting(v)) : List.of(message);
    };
  }

  private List<ConsensusMessage> equivocate(ConsensusMessage message) {
    switch (message) {
      case Proposal p -> {
        ConsensusData data = ConsensusData.of(p.block().header());
        ConsensusData fresh = new ConsensusData(p.round(), data.parentCertificate());
        Block other =
            TestChain.variant(p.block(), random.nextInt(3) == 0, key.address(), fresh.encode());
        Proposal second =
            Proposal.sign(
                TestChain.CHAIN_ID, p.height(), p.round(), other, Optional.empty(), index, key);
        equivocations.put(
            List.of(p.height(), p.round()), new Bytes32[] {p.blockHash(), other.hash()});
        return List.of(p, second);
      }
      case Vote v -> {
        Bytes32[] pair = equivocations.get(List.of(v.height(), v.round()));
        if (pair != null && v.blockHash().equals(Optional.of(pair[0]))) {
          return List.of(v, sign(v, Optional.of(pair[1])));
        }
        return List.of(v, conflicting(v));
      }
      default -> {
        return List.of(message);
      }
    }
  }

  private Vote conflicting(Vote v) {
    if (v.isNil()) {
      List<Bytes32> seen = seenByHeight.getOrDefault(v.height(), List.of());
      Bytes32 target = seen.isEmpty() ? randomHash() : seen.get(random.nextInt(seen.size()));
      return sign(v, Optional.of(target));
    }
    return sign(v, Optional.empty());
  }

  private Bytes32 randomHash() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  private Vote sign(Vote v, Optional<Bytes32> hash) {
    return Vote.sign(TestChain.CHAIN_ID, v.type(), v.height(), v.round(), hash, index, key);
  }
}

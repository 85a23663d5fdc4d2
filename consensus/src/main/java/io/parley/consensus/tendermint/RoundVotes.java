package io.parley.consensus.tendermint;

import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The prevotes and precommits of one round, at most one of each type per validator: the first valid
 * one counts and a later different one (equivocation) is ignored, so a Byzantine validator weighs
 * one vote at most on every tally.
 */
final class RoundVotes {
  private final Map<Integer, Vote> prevotes = new TreeMap<>();
  private final Map<Integer, Vote> precommits = new TreeMap<>();
  private final Map<Optional<Bytes32>, Integer> prevoteCounts = new HashMap<>();
  private final Map<Optional<Bytes32>, Integer> precommitCounts = new HashMap<>();

  /** What became of an incoming vote. */
  enum Outcome {
    ADDED,
    DUPLICATE,
    CONFLICTING
  }

  /** The vote already held for this vote's signer and type, if any. */
  Optional<Vote> existing(Vote vote) {
    return Optional.ofNullable(byType(vote.type()).get(vote.validatorIndex()));
  }

  /** The vote of {@code type} held for validator {@code index}, if any. */
  Optional<Vote> of(VoteType type, int index) {
    return Optional.ofNullable(byType(type).get(index));
  }

  Outcome add(Vote vote) {
    Map<Integer, Vote> votes = byType(vote.type());
    Vote previous = votes.putIfAbsent(vote.validatorIndex(), vote);
    if (previous != null) {
      return previous.equals(vote) ? Outcome.DUPLICATE : Outcome.CONFLICTING;
    }
    countsByType(vote.type()).merge(vote.blockHash(), 1, Integer::sum);
    return Outcome.ADDED;
  }

  int count(VoteType type, Optional<Bytes32> blockHash) {
    return countsByType(type).getOrDefault(blockHash, 0);
  }

  int total(VoteType type) {
    return byType(type).size();
  }

  /** Block hashes (not nil) with at least {@code quorum} votes of {@code type}. */
  List<Bytes32> hashesWithQuorum(VoteType type, int quorum) {
    List<Bytes32> out = new ArrayList<>();
    countsByType(type)
        .forEach(
            (hash, count) -> {
              if (hash.isPresent() && count >= quorum) {
                out.add(hash.get());
              }
            });
    return out;
  }

  /** The signatures of the votes of {@code type} for {@code blockHash}, by increasing index. */
  List<CommitVote> signatures(VoteType type, Bytes32 blockHash) {
    List<CommitVote> out = new ArrayList<>();
    for (Vote vote : byType(type).values()) {
      if (vote.blockHash().equals(Optional.of(blockHash))) {
        out.add(new CommitVote(vote.validatorIndex(), vote.signature()));
      }
    }
    return out;
  }

  private Map<Integer, Vote> byType(VoteType type) {
    return type == VoteType.PREVOTE ? prevotes : precommits;
  }

  private Map<Optional<Bytes32>, Integer> countsByType(VoteType type) {
    return type == VoteType.PREVOTE ? prevoteCounts : precommitCounts;
  }
}

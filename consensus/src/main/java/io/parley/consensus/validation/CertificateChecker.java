package io.parley.consensus.validation;

import io.parley.base.block.CommitCertificate;
import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Secp256k1;
import io.parley.consensus.messages.SigningHashes;
import io.parley.consensus.messages.VoteType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Checks quorum certificates (commit certificates and polkas) against the genesis validator set,
 * remembering the last few that passed: the same certificate reaches a validator many times (in
 * every proposal of the next height, in decisions, in sync answers) and each costs 2f+1 signature
 * checks.
 */
public final class CertificateChecker {
  private static final int CACHE_SIZE = 32;

  private final long chainId;
  private final ValidatorSet validators;
  private final Map<Object, Boolean> verified =
      new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public CertificateChecker(long chainId, ValidatorSet validators) {
    this.chainId = chainId;
    this.validators = validators;
  }

  public long chainId() {
    return chainId;
  }

  public ValidatorSet validators() {
    return validators;
  }

  /** A commit certificate for exactly ({@code height}, {@code blockHash}), by a quorum. */
  public Optional<Refusal> checkCommit(
      CommitCertificate certificate, long height, Bytes32 blockHash) {
    if (certificate.height() != height || !certificate.blockHash().equals(blockHash)) {
      return Refusal.of(
          "certificate is for height "
              + certificate.height()
              + " block "
              + certificate.blockHash()
              + ", expected height "
              + height
              + " block "
              + blockHash);
    }
    if (verified.containsKey(certificate)) {
      return Optional.empty();
    }
    Optional<String> problem = certificate.verify(chainId, validators);
    if (problem.isPresent()) {
      return Refusal.of("commit certificate: " + problem.get());
    }
    verified.put(certificate, Boolean.TRUE);
    return Optional.empty();
  }

  /** 2f+1 prevotes for ({@code height}, {@code round}, {@code blockHash}). */
  public Optional<Refusal> checkPolka(
      List<CommitVote> prevotes, long height, long round, Bytes32 blockHash) {
    record PolkaKey(List<CommitVote> prevotes, long height, long round, Bytes32 blockHash) {}
    PolkaKey key = new PolkaKey(prevotes, height, round, blockHash);
    if (verified.containsKey(key)) {
      return Optional.empty();
    }
    Bytes32 message =
        SigningHashes.vote(VoteType.PREVOTE, chainId, height, round, Optional.of(blockHash));
    Optional<Refusal> problem = checkQuorum(prevotes, message, "polka");
    if (problem.isEmpty()) {
      verified.put(key, Boolean.TRUE);
    }
    return problem;
  }

  private Optional<Refusal> checkQuorum(List<CommitVote> votes, Bytes32 message, String what) {
    int previous = -1;
    for (CommitVote vote : votes) {
      int index = vote.validatorIndex();
      if (index <= previous) {
        return Refusal.of(what + " signer indexes must be strictly increasing");
      }
      if (index >= validators.size()) {
        return Refusal.of(what + " signed by unknown validator index " + index);
      }
      if (!Secp256k1.verify(message, vote.signature(), validators.get(index).publicKey())) {
        return Refusal.of(what + " has an invalid signature from validator " + index);
      }
      previous = index;
    }
    if (votes.size() < validators.quorum()) {
      return Refusal.of(
          what + " has " + votes.size() + " signatures, quorum is " + validators.quorum());
    }
    return Optional.empty();
  }
}

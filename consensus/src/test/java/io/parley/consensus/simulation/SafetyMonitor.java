package io.parley.consensus.simulation;

import io.parley.base.block.BlockHeader;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.validation.CertificateChecker;
import io.parley.consensus.validation.CertifiedBlockVerifier;
import io.parley.consensus.validation.Refusal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Watches a run for the properties that must hold whatever the network and the Byzantine validators
 * do: no two honest validators commit different blocks at one height; every commit carries a valid
 * certificate and a block that executes; and no honest validator ever signs two different messages
 * for one (height, round, step), restarts included.
 */
final class SafetyMonitor {
  private record PrevoteKey(long height, long round, Bytes32 blockHash) {}

  private final CertifiedBlockVerifier verifier;
  private final Map<Long, Bytes32> committed = new TreeMap<>();
  private final Map<List<Long>, ConsensusMessage> signed = new HashMap<>();
  private final Map<PrevoteKey, Set<Integer>> prevoters = new HashMap<>();
  private final Map<List<Long>, Vote> locks = new HashMap<>();
  private final CertificateChecker certificates;
  private Optional<String> violation = Optional.empty();
  private long trace = 17;
  private long commits;

  SafetyMonitor(CertificateChecker certificates) {
    this.certificates = certificates;
    this.verifier = new CertifiedBlockVerifier(certificates);
  }

  void onCommit(SimNode node, BlockHeader parent, CertifiedBlock block, long now) {
    commits++;
    trace = trace * 31 + now;
    trace = trace * 31 + node.id;
    trace = trace * 31 + block.block().hash().hashCode();
    if (!node.honest) {
      return;
    }
    Optional<Refusal> rejection = verifier.verifyNext(parent, block);
    if (rejection.isPresent()) {
      fail(
          "node "
              + node.id
              + " committed block "
              + block.height()
              + " with a bad certificate: "
              + rejection.get().reason());
    }
    if (!TestChain.executes(parent, block.block())) {
      fail("node " + node.id + " committed block " + block.height() + " that does not execute");
    }
    Bytes32 previous = committed.putIfAbsent(block.height(), block.block().hash());
    if (previous != null && !previous.equals(block.block().hash())) {
      fail(
          "FORK at height "
              + block.height()
              + ": node "
              + node.id
              + " committed "
              + block.block().hash()
              + " but "
              + previous
              + " was committed before");
    }
  }

  void onSend(SimNode node, ConsensusMessage message) {
    notePolka(message);
    if (message instanceof Vote v && v.type() == VoteType.PREVOTE && !v.isNil()) {
      prevoters
          .computeIfAbsent(
              new PrevoteKey(v.height(), v.round(), v.blockHash().get()), k -> new HashSet<>())
          .add(v.validatorIndex());
    }
    if (!node.honest) {
      return;
    }
    if (message instanceof Vote v) {
      checkLock(node, v);
    }
    List<Long> key =
        switch (message) {
          case Proposal p -> List.of((long) node.validatorIndex, p.height(), p.round(), 0L);
          case Vote v ->
              List.of((long) node.validatorIndex, v.height(), v.round(), (long) v.type().code());
          default -> List.of();
        };
    if (key.isEmpty()) {
      return;
    }
    ConsensusMessage previous = signed.putIfAbsent(key, message);
    if (previous != null && !previous.equals(message)) {
      fail(
          "honest validator "
              + node.validatorIndex
              + " signed conflicting messages "
              + previous
              + " and "
              + message);
    }
  }

  /**
   * A proposal's polka is a set of signed prevotes too, and may hold one its signer never sent
   * alone (a double voter that sent everyone its other version): count it once it verifies.
   */
  private void notePolka(ConsensusMessage message) {
    if (message instanceof Proposal p && p.polka().isPresent()) {
      var polka = p.polka().get();
      if (certificates
          .checkPolka(polka.prevotes(), p.height(), polka.round(), p.blockHash())
          .isEmpty()) {
        var signers =
            prevoters.computeIfAbsent(
                new PrevoteKey(p.height(), polka.round(), p.blockHash()), k -> new HashSet<>());
        polka.prevotes().forEach(v -> signers.add(v.validatorIndex()));
      }
    }
  }

  /**
   * Tendermint's lock, seen from outside: once an honest validator precommitted block b in round r,
   * it prevotes another block c in a later round r' only if c had 2f+1 prevotes in some round in
   * [r, r'). This catches a validator that forgot its lock (say, across a restart) even when no
   * fork follows.
   */
  private void checkLock(SimNode node, Vote vote) {
    List<Long> key = List.of((long) node.validatorIndex, vote.height());
    Vote lock = locks.get(key);
    if (vote.type() == VoteType.PRECOMMIT) {
      if (!vote.isNil() && (lock == null || vote.round() > lock.round())) {
        locks.put(key, vote);
      }
      return;
    }
    if (lock == null
        || vote.isNil()
        || vote.round() <= lock.round()
        || vote.blockHash().equals(lock.blockHash())) {
      return;
    }
    for (long round = lock.round(); round < vote.round(); round++) {
      var signers = prevoters.get(new PrevoteKey(vote.height(), round, vote.blockHash().get()));
      if (signers != null && signers.size() >= certificates.validators().quorum()) {
        return;
      }
    }
    fail(
        "honest validator "
            + node.validatorIndex
            + " prevoted "
            + vote
            + " against its lock "
            + lock
            + " without a polka since");
  }

  private void fail(String what) {
    if (violation.isEmpty()) {
      violation = Optional.of(what);
    }
  }

  Optional<String> violation() {
    return violation;
  }

  long trace() {
    return trace;
  }

  long commits() {
    return commits;
  }
}

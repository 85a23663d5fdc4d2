package io.parley.consensus.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.CommitDecision;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.PolkaCertificate;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.simulation.TestChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {
  private static final TestChain CHAIN = TestChain.of(4);
  private static final long ID = TestChain.CHAIN_ID;
  private final CertificateChecker checker = new CertificateChecker(ID, CHAIN.validators);
  private final MessageValidator validator = new MessageValidator(checker);

  private static Block blockOne(int builder, long round) {
    return TestChain.block(
        CHAIN.genesis,
        CHAIN.keys.get(builder).address(),
        1,
        0,
        new ConsensusData(round, Optional.empty()).encode());
  }

  private static CommitCertificate certificate(Block block, int signers) {
    List<CommitVote> votes = new ArrayList<>();
    for (int i = 0; i < signers; i++) {
      Vote v =
          Vote.sign(ID, VoteType.PRECOMMIT, 1, 0, Optional.of(block.hash()), i, CHAIN.keys.get(i));
      votes.add(new CommitVote(i, v.signature()));
    }
    return new CommitCertificate(1, 0, block.hash(), votes);
  }

  @Test
  void acceptsSignedVotesAndRejectsForgedOnes() {
    Vote vote = Vote.sign(ID, VoteType.PREVOTE, 3, 1, Optional.empty(), 2, CHAIN.keys.get(2));
    assertThat(validator.validate(vote)).isEmpty();
    Vote wrongSigner = new Vote(VoteType.PREVOTE, 3, 1, Optional.empty(), 1, vote.signature());
    assertThat(validator.validate(wrongSigner)).isPresent();
    Vote unknown = new Vote(VoteType.PREVOTE, 3, 1, Optional.empty(), 4, vote.signature());
    assertThat(validator.validate(unknown).orElseThrow().reason()).contains("unknown");
    Vote replayedAsPrecommit =
        new Vote(VoteType.PRECOMMIT, 3, 1, Optional.empty(), 2, vote.signature());
    assertThat(validator.validate(replayedAsPrecommit)).isPresent();
  }

  /**
   * Whether the signer is the round's proposer depends on the chain (ProposerReputation), so the
   * state machine checks it (TendermintTest); here: a known signer whose signature verifies, who
   * built the block it proposes without a polka.
   */
  @Test
  void acceptsProposalsSignedByTheBlocksBuilder() {
    Block block = blockOne(1, 0);
    Proposal right = Proposal.sign(ID, 1, 0, block, Optional.empty(), 1, CHAIN.keys.get(1));
    assertThat(validator.validate(right)).isEmpty();
    Proposal notBuilder = Proposal.sign(ID, 1, 0, block, Optional.empty(), 2, CHAIN.keys.get(2));
    assertThat(validator.validate(notBuilder).orElseThrow().reason())
        .contains("a block its proposer built this round");
    Proposal forged = Proposal.sign(ID, 1, 0, block, Optional.empty(), 1, CHAIN.keys.get(2));
    assertThat(validator.validate(forged).orElseThrow().reason())
        .contains("invalid proposal signature");
    Proposal unknown = Proposal.sign(ID, 1, 0, block, Optional.empty(), 4, CHAIN.keys.get(1));
    assertThat(validator.validate(unknown).orElseThrow().reason()).contains("unknown");
  }

  @Test
  void requiresAValidParentCertificateAboveHeightOne() {
    Block parent = blockOne(1, 0);
    Block missing =
        TestChain.block(
            parent.header(),
            CHAIN.keys.get(2).address(),
            2,
            0,
            new ConsensusData(0, Optional.empty()).encode());
    Proposal noCertificate =
        Proposal.sign(ID, 2, 0, missing, Optional.empty(), 2, CHAIN.keys.get(2));
    assertThat(validator.validate(noCertificate).orElseThrow().reason())
        .contains("no parent certificate");
    Block weak =
        TestChain.block(
            parent.header(),
            CHAIN.keys.get(2).address(),
            2,
            0,
            new ConsensusData(0, Optional.of(certificate(parent, 2))).encode());
    assertThat(
            validator.validate(
                Proposal.sign(ID, 2, 0, weak, Optional.empty(), 2, CHAIN.keys.get(2))))
        .isPresent();
    Block good =
        TestChain.block(
            parent.header(),
            CHAIN.keys.get(2).address(),
            2,
            0,
            new ConsensusData(0, Optional.of(certificate(parent, 3))).encode());
    assertThat(
            validator.validate(
                Proposal.sign(ID, 2, 0, good, Optional.empty(), 2, CHAIN.keys.get(2))))
        .isEmpty();
  }

  @Test
  void requiresAQuorumPolkaFromAnEarlierRoundToReProposeABlock() {
    Block block = blockOne(1, 0);
    List<CommitVote> prevotes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Vote v =
          Vote.sign(ID, VoteType.PREVOTE, 1, 0, Optional.of(block.hash()), i, CHAIN.keys.get(i));
      prevotes.add(new CommitVote(i, v.signature()));
    }
    var polka = Optional.of(new PolkaCertificate(0, prevotes));
    assertThat(validator.validate(Proposal.sign(ID, 1, 1, block, polka, 2, CHAIN.keys.get(2))))
        .isEmpty();
    var tooFew = Optional.of(new PolkaCertificate(0, prevotes.subList(0, 2)));
    assertThat(validator.validate(Proposal.sign(ID, 1, 1, block, tooFew, 2, CHAIN.keys.get(2))))
        .isPresent();
    var notEarlier = Optional.of(new PolkaCertificate(1, prevotes));
    assertThat(validator.validate(Proposal.sign(ID, 1, 1, block, notEarlier, 2, CHAIN.keys.get(2))))
        .isPresent();
    // Without a polka, a block built by another validator in an earlier round is refused.
    assertThat(
            validator.validate(
                Proposal.sign(ID, 1, 1, block, Optional.empty(), 2, CHAIN.keys.get(2))))
        .isPresent();
  }

  @Test
  void decisionsNeedAQuorumCertificate() {
    Block block = blockOne(1, 0);
    assertThat(validator.validate(new CommitDecision(certificate(block, 3)))).isEmpty();
    assertThat(validator.validate(new CommitDecision(certificate(block, 2)))).isPresent();
  }

  @Test
  void certifiedBlocksVerifyAgainstTheirParentWithTheGenesisValidatorsOnly() {
    Block block = blockOne(1, 0);
    var verifier = new CertifiedBlockVerifier(ID, CHAIN.validators);
    assertThat(verifier.verifyNext(CHAIN.genesis, new CertifiedBlock(block, certificate(block, 3))))
        .isEmpty();
    assertThat(verifier.verifyNext(CHAIN.genesis, new CertifiedBlock(block, certificate(block, 2))))
        .isPresent();
    Block other = blockOne(2, 0);
    assertThat(verifier.verifyNext(CHAIN.genesis, new CertifiedBlock(other, certificate(block, 4))))
        .isPresent();
    assertThat(
            verifier.verifyNext(block.header(), new CertifiedBlock(block, certificate(block, 4))))
        .isPresent();
    var wrongHash = new CommitCertificate(1, 0, Bytes32.ZERO, certificate(block, 4).votes());
    assertThat(verifier.verifyFinal(new CertifiedBlock(block, wrongHash))).isPresent();
  }
}

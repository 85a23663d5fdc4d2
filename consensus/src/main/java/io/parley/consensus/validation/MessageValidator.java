package io.parley.consensus.validation;

import io.parley.base.block.Block;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Secp256k1;
import io.parley.consensus.messages.CommitDecision;
import io.parley.consensus.messages.ConsensusData;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.PolkaCertificate;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.messages.Vote;
import java.util.Optional;

/**
 * Everything about a consensus message that can be checked without the protocol's state: known
 * signer, valid signature, a well-formed block with its parent certificate, and a valid polka when
 * the proposal re-proposes a block. Runs before a message touches any state; what depends on the
 * chain (is the signer the round's proposer? is the parent our head?) is checked by the state
 * machine afterwards.
 */
public final class MessageValidator {
  private final long chainId;
  private final ValidatorSet validators;
  private final CertificateChecker certificates;
  private final BlockChecks blockChecks;

  public MessageValidator(CertificateChecker certificates) {
    this.chainId = certificates.chainId();
    this.validators = certificates.validators();
    this.certificates = certificates;
    this.blockChecks = new BlockChecks(certificates);
  }

  public Optional<Refusal> validate(ConsensusMessage message) {
    return switch (message) {
      case Vote vote -> validateVote(vote);
      case Proposal proposal -> validateProposal(proposal);
      case CommitDecision decision -> validateDecision(decision);
    };
  }

  private Optional<Refusal> validateVote(Vote vote) {
    if (vote.validatorIndex() >= validators.size()) {
      return Refusal.of("vote from unknown validator index " + vote.validatorIndex());
    }
    if (!Secp256k1.verify(
        vote.signingHash(chainId),
        vote.signature(),
        validators.get(vote.validatorIndex()).publicKey())) {
      return Refusal.of("invalid vote signature from validator " + vote.validatorIndex());
    }
    return Optional.empty();
  }

  private Optional<Refusal> validateProposal(Proposal proposal) {
    // Whether it is the round's proposer depends on the chain (ProposerReputation): the state
    // machine checks that at the proposal's height.
    int expected = proposal.proposerIndex();
    if (expected >= validators.size()) {
      return Refusal.of("proposal from unknown validator index " + expected);
    }
    Block block = proposal.block();
    if (block.height() != proposal.height()) {
      return Refusal.of(
          "proposal for height " + proposal.height() + " holds block " + block.height());
    }
    if (!Secp256k1.verify(
        proposal.signingHash(chainId),
        proposal.signature(),
        validators.get(expected).publicKey())) {
      return Refusal.of("invalid proposal signature from validator " + expected);
    }
    BlockChecks.Result checked = blockChecks.check(block);
    if (checked.rejection().isPresent()) {
      return checked.rejection();
    }
    ConsensusData data = checked.data().orElseThrow();
    if (data.round() > proposal.round()) {
      return Refusal.of("block built for a later round than its proposal");
    }
    if (proposal.polka().isEmpty()) {
      boolean fresh =
          data.round() == proposal.round()
              && block.header().proposer().equals(validators.get(expected).address());
      return fresh
          ? Optional.empty()
          : Refusal.of("a proposal without polka must hold a block its proposer built this round");
    }
    return validatePolka(proposal, proposal.polka().get());
  }

  private Optional<Refusal> validatePolka(Proposal proposal, PolkaCertificate polka) {
    if (polka.round() >= proposal.round()) {
      return Refusal.of("validRound " + polka.round() + " is not below round " + proposal.round());
    }
    return certificates.checkPolka(
        polka.prevotes(), proposal.height(), polka.round(), proposal.blockHash());
  }

  private Optional<Refusal> validateDecision(CommitDecision decision) {
    var certificate = decision.certificate();
    return certificates.checkCommit(certificate, certificate.height(), certificate.blockHash());
  }
}

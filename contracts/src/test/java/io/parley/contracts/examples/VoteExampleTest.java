package io.parley.contracts.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.testing.ContractTestKit;
import io.parley.contracts.testing.DeployedContract;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VoteExampleTest {
  ContractTestKit kit;
  Address owner;
  Address ann;
  Address ben;
  Address eve;
  DeployedContract vote;

  @BeforeEach
  void deploy() {
    kit = new ContractTestKit();
    owner = kit.account("owner");
    ann = kit.account("ann");
    ben = kit.account("ben");
    eve = kit.account("eve");
    vote = kit.deploy(Path.of("examples/Vote.par"), owner);
    assertThat(vote.call(owner, "add_voter", ann).success()).isTrue();
    assertThat(vote.call(owner, "add_voter", ben).success()).isTrue();
  }

  @Test
  void votersDecideAProposal() {
    CallResult proposed = vote.call(ann, "propose");
    assertThat(proposed.returnValue()).contains(BigInteger.ZERO);
    assertThat(vote.call(ann, "vote", 0, true).success()).isTrue();
    CallResult second = vote.call(ben, "vote", 0, false);
    assertThat(second.success()).as(second.failureReason().orElse("")).isTrue();
    assertThat(vote.eventNames(second)).containsExactly("Voted");
    assertThat(vote.query("result", 0))
        .isEqualTo(List.of(BigInteger.ONE, BigInteger.ONE, Boolean.TRUE));
    CallResult closed = vote.call(owner, "close", 0);
    assertThat(closed.returnValue()).contains(Boolean.FALSE);
    assertThat(vote.query("result", 0))
        .isEqualTo(List.of(BigInteger.ONE, BigInteger.ONE, Boolean.FALSE));
  }

  @Test
  void rejectsDoubleVotesOutsidersAndClosedProposals() {
    vote.call(ann, "propose");
    assertThat(vote.call(ann, "vote", 0, true).success()).isTrue();
    assertThat(vote.call(ann, "vote", 0, true).failureReason()).contains("already voted");
    assertThat(vote.call(eve, "vote", 0, true).failureReason()).contains("not a voter");
    assertThat(vote.call(ann, "vote", 7, true).failureReason()).contains("no such proposal");
    assertThat(vote.call(eve, "close", 0).failureReason()).contains("only the owner closes");
    assertThat(vote.call(owner, "close", 0).returnValue()).contains(Boolean.TRUE);
    assertThat(vote.call(ben, "vote", 0, false).failureReason()).contains("voting is closed");
    assertThat(vote.query("has_voted", 0, ann)).isEqualTo(Boolean.TRUE);
    assertThat(vote.query("has_voted", 0, ben)).isEqualTo(Boolean.FALSE);
    assertThat(vote.query("proposal_count")).isEqualTo(BigInteger.ONE);
  }
}

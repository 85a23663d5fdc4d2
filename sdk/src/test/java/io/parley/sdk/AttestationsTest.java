package io.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.verify.VerificationException;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** A result is final with 2t+1 valid member votes and the digest the chain recorded. */
class AttestationsTest {
  private static final Address CONTRACT =
      Address.fromHex("0x00000000000000000000000000000000000000d0");
  private final List<KeyPair> signing = new ArrayList<>();
  private final CommitteeView committee;
  private final Statement statement =
      new Statement(
          1337,
          CONTRACT,
          Bytes32.random(),
          Bytes32.random(),
          List.of(),
          List.of(new Statement.PublicOutput("total", List.of(BigInteger.valueOf(1234)))),
          List.of(),
          List.of(),
          Bytes32.random());

  AttestationsTest() {
    List<InputCommittee.MemberKeys> members = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      KeyPair key = KeyPair.random();
      signing.add(key);
      members.add(new InputCommittee.MemberKeys(key.publicKey(), KeyPair.random().publicKey()));
    }
    committee =
        new CommitteeView(
            CONTRACT, "rep4", new InputCommittee(1, PlainFormat.SHAMIR, members), List.of());
  }

  private List<Vote> votes(int count) {
    List<Vote> votes = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      votes.add(Vote.sign(statement, j, Bytes32.ZERO, signing.get(j).privateKey()));
    }
    return votes;
  }

  private ComputationRecord record(Optional<Bytes32> result) {
    return new ComputationRecord(
        statement.computationId(),
        CONTRACT,
        "sum",
        result.isPresent() ? "done" : "queued",
        9,
        List.of(),
        result,
        Optional.empty(),
        Bytes32.ZERO);
  }

  @Test
  void threeValidVotesOfFourMembersAreFinal() throws Exception {
    var result =
        Attestations.verify(
            statement, votes(3), committee, record(Optional.of(statement.digest())));
    assertThat(result.isFinal()).isTrue();
    assertThat(result.signers()).containsExactly(0, 1, 2);
  }

  @Test
  void twoVotesAForgedVoteOrAnotherDigestAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Attestations.verify(statement, votes(2), committee))
        .isInstanceOf(VerificationException.class)
        .hasMessage("the statement is not final: 2 valid vote(s), 3 needed");
    List<Vote> forged = new ArrayList<>(votes(2));
    forged.add(Vote.sign(statement, 2, Bytes32.ZERO, KeyPair.random().privateKey()));
    assertThatThrownBy(() -> Attestations.verify(statement, forged, committee))
        .hasMessageContaining("refused: [signature of member 2 does not verify]");
    assertThatThrownBy(
            () ->
                Attestations.verify(
                    statement, votes(3), committee, record(Optional.of(Bytes32.random()))))
        .hasMessageContaining("the chain recorded digest");
    assertThatThrownBy(
            () -> Attestations.verify(statement, votes(3), committee, record(Optional.empty())))
        .hasMessageContaining("has no result yet (status queued)");
  }
}

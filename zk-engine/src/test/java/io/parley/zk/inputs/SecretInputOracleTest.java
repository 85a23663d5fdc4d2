package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The complaint path as an attacker's oracle (issue 13, finding 1): copying a victim's E (or E +
 * x·G) and ciphertext into the attacker's own submission must not make any member reveal d_j·E for
 * the victim's E, and whatever a member does reveal must not open the victim's share.
 */
class SecretInputOracleTest {
  private final InputCommittee committee = InputFixtures.committee(4, PlainFormat.SHAMIR);
  private final Address victim = InputFixtures.address("victim");
  private final Address attacker = InputFixtures.address("attacker");
  private final InputContext victimContext = InputFixtures.context(committee, victim, 9);
  private final SealedInput victimInput =
      Sealer.seal(committee, victimContext, InputFixtures.values(123_456));

  private SealedInput withEphemeral(SealedInput base, Bytes ephemeral, Bytes proof) {
    return new SealedInput(
        base.collection(),
        base.target(),
        base.committeeHash(),
        ephemeral,
        proof,
        base.shares(),
        base.components());
  }

  @Test
  void aCopiedEphemeralKeyIsNotAdmittedAndNoMemberAnswers() {
    InputContext attackerContext = InputFixtures.context(committee, attacker, 0);
    // the victim's E, proof and ciphertexts replayed under the attacker's sender and nonce
    Bytes32 ctx = attackerContext.hash(victimInput.ephemeral());
    assertThat(KnowledgeProof.verify(victimInput.proof(), victimInput.ephemeral(), ctx)).isFalse();
    for (int j = 0; j < committee.size(); j++) {
      int member = j;
      assertThatThrownBy(
              () ->
                  Opener.open(
                      victimInput,
                      committee,
                      attackerContext,
                      member,
                      InputFixtures.key("encryption", member),
                      1))
          .isInstanceOf(SecretInputException.class)
          .hasMessage("the proof of knowledge of e does not verify");
    }
  }

  @Test
  void aShiftedEphemeralKeyCannotBeProvenWithoutTheVictimsSecret() {
    InputContext attackerContext = InputFixtures.context(committee, attacker, 0);
    ECPoint e = Curve.point(victimInput.ephemeral(), "E");
    BigInteger x = BigInteger.valueOf(987_654_321);
    Bytes shifted = Curve.encode(e.add(Curve.G.multiply(x)));
    Bytes32 ctx = attackerContext.hash(shifted);
    // the attacker knows x but not e: the best it can do is prove for x·G, or reuse proofs
    Bytes ownProof = KnowledgeProof.prove(x, Curve.encode(Curve.G.multiply(x)), ctx);
    assertThat(KnowledgeProof.verify(ownProof, shifted, ctx)).isFalse();
    assertThat(KnowledgeProof.verify(victimInput.proof(), shifted, ctx)).isFalse();
    SealedInput attack = withEphemeral(victimInput, shifted, ownProof);
    assertThatThrownBy(
            () ->
                Opener.open(
                    attack, committee, attackerContext, 0, InputFixtures.key("encryption", 0), 2))
        .hasMessage("the proof of knowledge of e does not verify");
  }

  @Test
  void aComplaintOnTheAttackersOwnKeyDoesNotOpenTheVictimsShare() {
    // a well-formed attacker submission carrying the victim's ciphertexts under a fresh E it knows
    InputContext attackerContext = InputFixtures.context(committee, attacker, 0);
    BigInteger a = BigInteger.valueOf(55_555);
    Bytes ownE = Curve.encode(Curve.G.multiply(a));
    Bytes32 ctx = attackerContext.hash(ownE);
    SealedInput attack = withEphemeral(victimInput, ownE, KnowledgeProof.prove(a, ownE, ctx));
    for (int j = 0; j < committee.size(); j++) {
      Opener.Opened opened =
          Opener.open(attack, committee, attackerContext, j, InputFixtures.key("encryption", j), 2);
      Complaint complaint = ((Opener.Complained) opened).complaint();
      // what the complaint discloses is a·Q_j, which the attacker could compute alone
      ECPoint q = Curve.point(committee.members().get(j).encryption().bytes(), "Q");
      assertThat(complaint.shared()).isEqualTo(Curve.encode(q.multiply(a)));
      assertThat(complaint.judge(attack, committee, attackerContext, 2))
          .isEqualTo(Complaint.Verdict.SENDER);
      // and the key it yields opens nothing of the victim's: not under the victim's context, not
      // under the attacker's
      Bytes32 victimCtx = victimContext.hash(victimInput.ephemeral());
      byte[] keyVictimCtx =
          Envelope.key(Curve.point(complaint.shared(), "S"), victimInput.ephemeral(), victimCtx, j);
      assertThat(Opener.openWith(keyVictimCtx, victimInput, PlainFormat.SHAMIR, victimCtx, j, 2))
          .isEmpty();
      byte[] keyOwnCtx = Envelope.key(Curve.point(complaint.shared(), "S"), ownE, ctx, j);
      assertThat(Opener.openWith(keyOwnCtx, victimInput, PlainFormat.SHAMIR, victimCtx, j, 2))
          .isEmpty();
    }
  }

  @Test
  void theVictimsInputStillOpensForEveryMember() {
    for (int j = 0; j < committee.size(); j++) {
      assertThat(
              Opener.open(
                  victimInput, committee, victimContext, j, InputFixtures.key("encryption", j), 2))
          .isInstanceOf(Opener.Shares.class);
    }
    assertThat(List.of(victimInput.ephemeral())).hasSize(1);
  }
}

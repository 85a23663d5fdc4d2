package io.parley.zk.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.BlameCodec;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.testing.Adversaries;
import io.parley.zk.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlameVerifierTest {
  private static Blame.WrongShare realBlame(OnlineAdversaryTest.Run run) {
    Outcome<FieldElement[]> outcome = run.sessions().get(0).outcome().orElseThrow();
    Accusation accusation = ((Outcome.Aborted<FieldElement[]>) outcome).accusation();
    return (Blame.WrongShare) ((Accusation.Proven) accusation).blame();
  }

  private static OnlineAdversaryTest.Run cheatingRun() {
    List<PrivateKey> keys = Fixtures.keys(4, 77);
    return OnlineAdversaryTest.run(4, Map.of(2, Adversaries.wrongShare(keys.get(2), 1, 0)), 77);
  }

  @Test
  void acceptsTheEvidenceAlsoAfterAnEncodingRoundTrip() {
    OnlineAdversaryTest.Run run = cheatingRun();
    Blame.WrongShare blame = realBlame(run);
    BlameVerifier verifier = Blames.verifier(run.committee());
    assertThat(blame.accused()).isEqualTo(2);
    assertThat(verifier.verify(blame).valid()).isTrue();
    assertThat(verifier.verify(Blames.decode(BlameCodec.encode(blame))).valid()).isTrue();
  }

  @Test
  void rejectsTheSameEvidenceAgainstAnHonestMember() {
    OnlineAdversaryTest.Run run = cheatingRun();
    Blame.WrongShare blame = realBlame(run);
    BlameVerifier verifier = Blames.verifier(run.committee());
    for (int honest : new int[] {0, 1, 3}) {
      Blame.WrongShare framed = new Blame.WrongShare(honest, blame.index(), blame.openings());
      assertThat(verifier.verify(framed).valid()).as("member %d", honest).isFalse();
    }
  }

  @Test
  void rejectsTamperedOrIncompleteEvidence() {
    OnlineAdversaryTest.Run run = cheatingRun();
    Blame.WrongShare blame = realBlame(run);
    BlameVerifier verifier = Blames.verifier(run.committee());
    List<Envelope> tampered = new ArrayList<>(blame.openings());
    Envelope honest = tampered.get(1);
    FieldElement[] values = honest.values().clone();
    values[blame.index()] = values[blame.index()].add(FieldElement.ONE);
    tampered.set(
        1,
        new Envelope(
            honest.computation(),
            honest.step(),
            honest.sender(),
            honest.recipient(),
            honest.kind(),
            values,
            honest.data(),
            honest.signature()));
    assertThat(verifier.verify(new Blame.WrongShare(1, blame.index(), tampered)).valid()).isFalse();
    assertThat(
            verifier
                .verify(new Blame.WrongShare(2, blame.index(), blame.openings().subList(0, 3)))
                .valid())
        .isFalse();
  }

  @Test
  void rejectsEquivocationClaimsWithoutTwoDifferentSignedEnvelopes() {
    OnlineAdversaryTest.Run run = cheatingRun();
    Blame.WrongShare blame = realBlame(run);
    Envelope one = blame.openings().get(3);
    BlameVerifier verifier = Blames.verifier(run.committee());
    assertThat(verifier.verify(new Blame.Equivocation(3, one, one)).valid()).isFalse();
    assertThat(verifier.verify(new Blame.Equivocation(2, one, one)).valid()).isFalse();
  }
}

package io.parley.zk.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.Simulation;
import io.parley.zk.testing.TrustedDealer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputCheckTest {
  static List<OnlineSession<Boolean>> run(int n, boolean corruptDealing) {
    List<PrivateKey> keys = Fixtures.keys(n, 8);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, 8);
    SplittableRandom random = new SplittableRandom(8);
    FieldElement[][] inputs = new FieldElement[n][5];
    for (int k = 0; k < 5; k++) {
      FieldElement[] s = Shamir.share(FieldElement.of(100 + k), committee.threshold(), n, random);
      for (int i = 0; i < n; i++) {
        inputs[i][k] = s[i];
      }
    }
    if (corruptDealing) {
      inputs[2][3] = inputs[2][3].add(FieldElement.ONE); // the user gave member 2 a bad share
    }
    Bytes32 id = Fixtures.id(8);
    List<OnlineSession<Boolean>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SecureArithmetic a = new SecureArithmetic(new OnlineContext(i, n, dealer.forParty(i)));
      sessions.add(
          new OnlineSession<>(
              committee,
              i,
              id,
              InputCheck.program(a, inputs[i], java.util.Optional.empty()),
              Signer.with(keys.get(i)),
              OnlineSession.Mode.MALICIOUS,
              false));
    }
    new Simulation<>(sessions, Map.of(), 8).run();
    return sessions;
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void consistentUserSharingsPass(int n) {
    for (OnlineSession<Boolean> s : run(n, false)) {
      assertThat(s.outcome().orElseThrow()).isInstanceOf(Outcome.Completed.class);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 7})
  void badUserSharingIsRejectedWithoutBlamingTheMember(int n) {
    for (OnlineSession<Boolean> s : run(n, true)) {
      Outcome<Boolean> o = s.outcome().orElseThrow();
      assertThat(o).isInstanceOf(Outcome.Aborted.class);
      Accusation a = ((Outcome.Aborted<Boolean>) o).accusation();
      Accusation.InconsistentInput i = (Accusation.InconsistentInput) a;
      assertThat(i.step()).isEqualTo(1);
      assertThat(i.members()).containsExactly(2);
      assertThat(i.openings()).hasSize(2 * n); // rho's openings and w's, for a disclosure
    }
  }
}

package io.parley.zk.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Signer;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.session.Action;
import io.parley.zk.sharing.Shamir;
import io.parley.zk.testing.Fixtures;
import io.parley.zk.testing.TrustedDealer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Semi-honest mode: listening members may lag many steps behind the t+1 senders. */
class SemiHonestTest {
  @Test
  void listenersThatLagManyStepsBehindStillFinish() {
    int n = 4;
    List<PrivateKey> keys = Fixtures.keys(n, 3);
    Committee committee = Fixtures.committee(keys);
    TrustedDealer dealer = new TrustedDealer(n, 3);
    SplittableRandom random = new SplittableRandom(3);
    FieldElement[] x = Shamir.share(FieldElement.of(-41), 1, n, random);
    FieldElement[] y = Shamir.share(FieldElement.of(1_000_003), 1, n, random);
    List<OnlineSession<FieldElement[]>> sessions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sessions.add(
          new OnlineSession<>(
              committee,
              i,
              Fixtures.id(3),
              OnlineAdversaryTest.program(new OnlineContext(i, n, dealer.forParty(i)), x[i], y[i]),
              Signer.none(),
              OnlineSession.Mode.SEMI_HONEST));
    }
    // Deliver everything to the senders first; the listeners get their mail only at the end.
    ArrayDeque<Action.Send> toSenders = new ArrayDeque<>();
    List<Action.Send> toListeners = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      route(sessions.get(i).start(), toSenders, toListeners);
    }
    while (!toSenders.isEmpty()) {
      Action.Send s = toSenders.poll();
      route(sessions.get(s.to()).onMessage(s.envelope()), toSenders, toListeners);
    }
    for (Action.Send s : toListeners) {
      sessions.get(s.to()).onMessage(s.envelope());
    }
    for (OnlineSession<FieldElement[]> s : sessions) {
      Outcome<FieldElement[]> o = s.outcome().orElseThrow();
      assertThat(o).isInstanceOf(Outcome.Completed.class);
      FieldElement[] v = ((Outcome.Completed<FieldElement[]>) o).value();
      assertThat(v[0].toSignedBigInteger().longValue()).isEqualTo(-41L * 1_000_003L);
      assertThat(v[1]).isEqualTo(FieldElement.ONE);
    }
  }

  private static void route(
      List<Action> actions, ArrayDeque<Action.Send> toSenders, List<Action.Send> toListeners) {
    for (Action a : actions) {
      if (a instanceof Action.Send s) {
        Envelope e = s.envelope();
        if (s.to() <= 1) {
          toSenders.add(new Action.Send(s.to(), e));
        } else {
          toListeners.add(s);
        }
      }
    }
  }
}

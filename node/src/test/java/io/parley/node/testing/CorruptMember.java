package io.parley.node.testing;

import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.Deviation;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The corrupted-member mode of the devnet, which only test code can switch on: an MPC member
 * process whose environment has {@value #VARIABLE} equal to its index (and this class on its class
 * path, as the test suite's is) sends one wrong share: it adds an offset to the values of its first
 * king-opening share envelope ({@code KING_SHARES}) and signs the result with its own key, as a
 * cheater would. It then behaves honestly, so the test sees the blame, the retry and the result.
 */
public final class CorruptMember implements Deviation.Factory {
  public static final String VARIABLE = "PARLEY_TEST_CORRUPT_MEMBER";

  @Override
  public Optional<Deviation> create(int self, PrivateKey key) {
    if (!Integer.toString(self).equals(System.getenv(VARIABLE))) {
      return Optional.empty();
    }
    AtomicBoolean done = new AtomicBoolean();
    Signer signer = Signer.with(key);
    return Optional.of(
        actions -> {
          List<Action> out = new ArrayList<>(actions.size());
          for (Action a : actions) {
            if (a instanceof Action.Send s
                && s.envelope().kind() == Kind.KING_SHARES
                && s.envelope().values().length > 0
                && done.compareAndSet(false, true)) {
              out.add(new Action.Send(s.to(), signer.sign(offset(s.envelope()))));
            } else {
              out.add(a);
            }
          }
          return out;
        });
  }

  private static Envelope offset(Envelope e) {
    FieldElement[] values = e.values().clone();
    values[0] = values[0].add(FieldElement.of(12345));
    return new Envelope(
        e.computation(),
        e.step(),
        e.sender(),
        e.recipient(),
        e.kind(),
        values,
        e.data(),
        Optional.empty());
  }
}

package io.parley.node.testing;

import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.Deviation;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.Signer;
import io.parley.zk.session.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A second corrupted-member mode, switched on like {@link CorruptMember} through {@value
 * #VARIABLE}: in the first rep4 input check it takes part in, the member lies about its copy of a
 * component. It changes the first digest of its signed statement (INPUT_DIGESTS, rep4.md section 6)
 * and sends that one statement to every member, so nobody sees two versions (no equivocation): the
 * other holders' digests of that component agree and its own is odd. It then behaves honestly.
 */
public final class LyingHolder implements Deviation.Factory {
  public static final String VARIABLE = "PARLEY_TEST_LYING_HOLDER";

  @Override
  public Optional<Deviation> create(int self, PrivateKey key) {
    if (!Integer.toString(self).equals(System.getenv(VARIABLE))) {
      return Optional.empty();
    }
    AtomicReference<Envelope> original = new AtomicReference<>();
    AtomicReference<Envelope> lie = new AtomicReference<>();
    Signer signer = Signer.with(key);
    return Optional.of(
        actions -> {
          List<Action> out = new ArrayList<>(actions.size());
          for (Action a : actions) {
            if (a instanceof Action.Send s
                && s.envelope().kind() == Kind.INPUT_DIGESTS
                && (original.get() == null && original.compareAndSet(null, s.envelope())
                    || original.get() == s.envelope())) {
              lie.compareAndSet(null, signer.sign(flipped(s.envelope())));
              out.add(new Action.Send(s.to(), lie.get()));
            } else {
              out.add(a);
            }
          }
          return out;
        });
  }

  private static Envelope flipped(Envelope e) {
    byte[] data = e.data().clone();
    data[0] ^= 1;
    return e.withData(data); // re-signed by the caller
  }
}

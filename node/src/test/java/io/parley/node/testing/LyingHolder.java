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
 * other holders' digests of that component agree and its own is odd. On a Shamir committee it lies
 * likewise in the first consistency check of a dealt input it takes part in: its opening of w (step
 * 1 of the check, secret-inputs.md section 6) is off by one, the same to every member, so the
 * others' decoding locates it while its own view (its true opening) passes. Otherwise it behaves
 * honestly.
 */
public final class LyingHolder implements Deviation.Factory {
  public static final String VARIABLE = "PARLEY_TEST_LYING_HOLDER";

  @Override
  public Optional<Deviation> create(int self, PrivateKey key) {
    if (!Integer.toString(self).equals(System.getenv(VARIABLE))) {
      return Optional.empty();
    }
    Signer signer = Signer.with(key);
    Once digests = new Once(signer, LyingHolder::flipped);
    Once opening = new Once(signer, LyingHolder::offByOne);
    return Optional.of(
        actions -> {
          List<Action> out = new ArrayList<>(actions.size());
          for (Action a : actions) {
            if (a instanceof Action.Send s && s.envelope().kind() == Kind.INPUT_DIGESTS) {
              out.add(new Action.Send(s.to(), digests.apply(s.envelope())));
            } else if (a instanceof Action.Send s && isCheckOpening(s.envelope())) {
              out.add(new Action.Send(s.to(), opening.apply(s.envelope())));
            } else {
              out.add(a);
            }
          }
          return out;
        });
  }

  /** The first envelope it sees is replaced by one lie, sent to everyone; later ones pass. */
  private static final class Once {
    private final AtomicReference<Envelope> original = new AtomicReference<>();
    private final AtomicReference<Envelope> lie = new AtomicReference<>();
    private final Signer signer;
    private final java.util.function.UnaryOperator<Envelope> change;

    Once(Signer signer, java.util.function.UnaryOperator<Envelope> change) {
      this.signer = signer;
      this.change = change;
    }

    Envelope apply(Envelope e) {
      if (original.get() == null && original.compareAndSet(null, e) || original.get() == e) {
        lie.compareAndSet(null, signer.sign(change.apply(e)));
        return lie.get();
      }
      return e;
    }
  }

  /** Step 1 of a Shamir consistency check: a broadcast opening of one value, w_j. */
  private static boolean isCheckOpening(Envelope e) {
    return e.kind() == Kind.OPEN
        && e.step() == 1
        && e.recipient() == Envelope.BROADCAST
        && e.values().length == 1;
  }

  private static Envelope offByOne(Envelope e) {
    return e.withValues(
        new io.parley.zk.field.FieldElement[] {
          e.values()[0].add(io.parley.zk.field.FieldElement.ONE)
        });
  }

  private static Envelope flipped(Envelope e) {
    byte[] data = e.data().clone();
    data[0] ^= 1;
    return e.withData(data); // re-signed by the caller
  }
}

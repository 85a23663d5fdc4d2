package io.parley.mpc.network;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.session.Action;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Rewrites a member's outgoing actions, as a corrupt member would: how the test suite turns one
 * member of a running devnet into a cheater (issue 13: "a corrupted-member mode that only test code
 * can switch on"). No implementation ships in the product: {@link #load} finds one only when a
 * {@link Factory} is registered through {@link ServiceLoader} on the class path, which the node's
 * test classes do, and a factory decides itself whether it applies to a member.
 */
@FunctionalInterface
public interface Deviation {
  /** The actions to perform instead of {@code actions}. */
  List<Action> apply(List<Action> actions);

  /** Registered by test code only (META-INF/services/io.parley.mpc.network.Deviation$Factory). */
  interface Factory {
    /** This factory's deviation for member {@code self}, signing with {@code key}, if any. */
    Optional<Deviation> create(int self, PrivateKey key);
  }

  /** The first deviation a registered factory gives member {@code self}, if any. */
  static Optional<Deviation> load(int self, PrivateKey key) {
    for (Factory f : ServiceLoader.load(Factory.class)) {
      Optional<Deviation> d = f.create(self, key);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }
}

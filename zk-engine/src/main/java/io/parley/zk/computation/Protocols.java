package io.parley.zk.computation;

import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The protocols, and the one rule that picks a committee's (docs/adr/0028): Fantastic Four for 4
 * members when every workload fits Z_2^64 exactly; otherwise Shamir with king-based openings when
 * the committee's PRSS subsets are few enough (up to 7 members); otherwise Shamir with broadcast
 * openings. Genesis may pin one by name per committee. A contract's protocol is chosen from all its
 * circuits at once, because its secret state is shared in that protocol's format and passes from
 * one of its functions to the next.
 */
public final class Protocols {
  public static final Protocol REP4 = new FantasticFour();
  public static final Protocol SHAMIR_KING = new ShamirKing();
  public static final Protocol SHAMIR_BROADCAST = new ShamirBroadcast();

  private static final byte[] COMMITTEE_DOMAIN =
      "parley-committee/1".getBytes(StandardCharsets.US_ASCII);

  private Protocols() {}

  /** Fastest first. */
  public static List<Protocol> all() {
    return List.of(REP4, SHAMIR_KING, SHAMIR_BROADCAST);
  }

  /**
   * The protocol named {@code rep4}, {@code shamir-king} or {@code shamir-broadcast}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Protocol named(String name) {
    return all().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown MPC protocol '"
                        + name
                        + "' (one of "
                        + String.join(", ", all().stream().map(Protocol::name).toList())
                        + ")"));
  }

  /** The fastest protocol that runs every one of the workloads on a committee of this size. */
  public static Protocol select(int members, Collection<? extends Workload> workloads) {
    for (Protocol p : all()) {
      if (workloads.stream().allMatch(w -> p.unsupported(members, w).isEmpty())) {
        return p;
      }
    }
    throw new IllegalStateException("the broadcast path runs every workload");
  }

  public static Protocol select(int members, Workload workload) {
    return select(members, List.of(workload));
  }

  /**
   * The pinned protocol when there is one (it must run every workload), else {@link #select}.
   *
   * @throws IllegalArgumentException when the pinned protocol is unknown or cannot run a workload
   */
  public static Protocol choose(
      Optional<String> pinned, int members, Collection<? extends Workload> workloads) {
    if (pinned.isEmpty()) {
      return select(members, workloads);
    }
    Protocol p = named(pinned.get());
    for (Workload w : workloads) {
      p.unsupported(members, w)
          .ifPresent(
              reason -> {
                throw new IllegalArgumentException(
                    "the pinned protocol " + p.name() + " cannot run a workload: " + reason);
              });
    }
    return p;
  }

  /**
   * The protocol genesis pins for a committee of {@code members}, checked: known, and able to run
   * on a committee of that size (empty when nothing is pinned: then each contract's circuits
   * decide, {@link #select}).
   *
   * @throws IllegalArgumentException when the pinned name is unknown or the protocol cannot run
   */
  public static Optional<Protocol> pinned(Optional<String> name, int members) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Protocol p = named(name.get());
    p.unsupported(members)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(
                  "the pinned protocol " + p.name() + " cannot run this committee: " + reason);
            });
    return Optional.of(p);
  }

  /** SHA-256("parley-committee/1" || each member's public key): the scope of committee keys. */
  public static Bytes32 committeeId(Committee committee) {
    MessageDigest sha = Sha256.newDigest();
    sha.update(COMMITTEE_DOMAIN);
    committee.members().forEach(k -> sha.update(k.bytes().toArrayUnsafe()));
    return Bytes32.wrap(sha.digest());
  }
}

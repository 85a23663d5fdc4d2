package io.parley.zk.computation;

import io.parley.zk.session.ProtocolSession;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One phase as a protocol plans it: how to start its session, what to do with its value, and, when
 * the value is kept in the {@link MemberStore} for a restart, how to encode it and what the phase
 * consumed of the member's preprocessing ({@code replay}, run when the value is restored instead of
 * computed, so that later phases draw the same shares as the other members).
 */
record PlannedPhase<T>(
    String name,
    Bytes32 id,
    Scope scope,
    Supplier<ProtocolSession<T>> session,
    Consumer<T> accept,
    Optional<Codec<T>> codec,
    Runnable replay) {

  /** Where a kept value lives: under the computation's id, or the committee's. */
  enum Scope {
    COMPUTATION,
    COMMITTEE
  }

  record Codec<T>(Function<T, byte[]> encode, Function<byte[], T> decode) {}

  /** A phase whose value is kept under the computation's id. */
  static <T> PlannedPhase<T> kept(
      String name,
      Bytes32 id,
      Supplier<ProtocolSession<T>> session,
      Consumer<T> accept,
      Codec<T> codec,
      Runnable replay) {
    return new PlannedPhase<>(
        name, id, Scope.COMPUTATION, session, accept, Optional.of(codec), replay);
  }

  /**
   * A key agreement run once per committee: kept under the committee's id, with the session id
   * {@code keccak256(keccak256(committeeId || name) || ascii(hex of the computation id))}: the
   * computation that runs it names the session, so an agreement that ended without keys (a member
   * was down) is run again by the next computation or attempt under a new id, and no envelope of
   * the first run is taken for one of the second (which would look like an equivocation).
   */
  static <T> PlannedPhase<T> committeeKeys(
      String name,
      CommitteeMember member,
      Bytes32 computation,
      Function<Bytes32, ProtocolSession<T>> session,
      Consumer<T> accept,
      Codec<T> codec) {
    Bytes32 id =
        SessionIds.derive(
            SessionIds.derive(Protocols.committeeId(member.committee()), name),
            computation.toHexString());
    return new PlannedPhase<>(
        name, id, Scope.COMMITTEE, () -> session.apply(id), accept, Optional.of(codec), () -> {});
  }

  /** The last phase: its value is the computation's result, returned rather than kept. */
  static <T> PlannedPhase<T> last(
      String name, Bytes32 id, Supplier<ProtocolSession<T>> session, Consumer<T> accept) {
    return new PlannedPhase<>(
        name, id, Scope.COMPUTATION, session, accept, Optional.empty(), () -> {});
  }
}

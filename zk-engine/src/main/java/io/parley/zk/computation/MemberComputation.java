package io.parley.zk.computation;

import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Sha256;
import io.parley.zk.session.ProtocolSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One member's whole computation, as a sequence of sessions: the door every caller goes through
 * (the chain's MPC node, the benchmarks, the contracts test kit). Sans-I/O: the caller runs each
 * {@link Phase} with its driver until the session has an outcome, then asks for the next one:
 *
 * <pre>{@code
 * MemberComputation c = protocol.member(member, request, inputs, store);
 * for (Optional<Phase> p = c.next(); p.isPresent(); p = c.next()) {
 *   driver.run(p.get().session(), p.get().id());
 * }
 * Outcome<ComputationResult> outcome = c.outcome().orElseThrow();
 * }</pre>
 *
 * The outcome is the result with a transcript digest every honest member computes alike, or the
 * accusation of the first phase that aborted (a verifiable {@code Blame}, a {@code Timeout}, an
 * {@code InconsistentInput} of a dealt secret input). The value of every phase but the last is put
 * in the {@link MemberStore} before the next phase starts; a member rebuilt with the same request,
 * inputs and store skips the phases it finished. All members of the committee plan the same phases
 * (the plan depends only on the request and the committee's keys being agreed).
 */
public final class MemberComputation {
  private static final byte[] DOMAIN = "parley-computation/1".getBytes(StandardCharsets.US_ASCII);

  private final Protocol protocol;
  private final ComputationRequest request;
  private final Bytes32 committeeScope;
  private final Plan plan;
  private final MemberStore store;
  private PlannedPhase<?> current;
  private ProtocolSession<?> session;
  private Bytes32 lastTranscript = Bytes32.ZERO;
  private int rounds;
  private Optional<Outcome<ComputationResult>> outcome = Optional.empty();

  MemberComputation(
      Protocol protocol,
      CommitteeMember member,
      ComputationRequest request,
      Plan plan,
      MemberStore store) {
    this.protocol = protocol;
    this.request = request;
    this.committeeScope = Protocols.committeeId(member.committee());
    this.plan = plan;
    this.store = store;
  }

  /** How a protocol plans one member's phases, once its inputs are checked. */
  interface Planner {
    Plan plan(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs);
  }

  /** Checks the request and the inputs against the protocol, then plans the member's phases. */
  static MemberComputation start(
      Protocol protocol,
      CommitteeMember member,
      ComputationRequest request,
      MemberInputs inputs,
      MemberStore store,
      Planner planner) {
    protocol
        .unsupported(member.size(), request.workload())
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(
                  protocol.name() + " cannot run this computation: " + reason);
            });
    ResolvedInputs resolved =
        ResolvedInputs.resolve(request.workload(), inputs, protocol.inputFormat(), member);
    return new MemberComputation(
        protocol, member, request, planner.plan(member, request, resolved), store);
  }

  public Protocol protocol() {
    return protocol;
  }

  public ComputationRequest request() {
    return request;
  }

  /**
   * The next session to run, or empty once the outcome is known.
   *
   * @throws IllegalStateException when the session returned last has no outcome yet
   */
  public Optional<Phase> next() {
    if (outcome.isPresent()) {
      return Optional.empty();
    }
    if (current != null) {
      finishCurrent();
      if (outcome.isPresent()) {
        return Optional.empty();
      }
    }
    while (true) {
      Optional<PlannedPhase<?>> step = plan.next();
      if (step.isEmpty()) {
        outcome = Optional.of(new Outcome.Completed<>(plan.result(), transcript(), rounds));
        return Optional.empty();
      }
      if (!restore(step.get())) {
        current = step.get();
        session = current.session().get();
        return Optional.of(new Phase(current.name(), current.id(), session));
      }
    }
  }

  public Optional<Outcome<ComputationResult>> outcome() {
    return outcome;
  }

  private <T> boolean restore(PlannedPhase<T> step) {
    if (step.codec().isEmpty()) {
      return false;
    }
    Optional<byte[]> kept = store.get(scope(step), step.name());
    if (kept.isEmpty()) {
      return false;
    }
    step.replay().run();
    step.accept().accept(step.codec().get().decode().apply(kept.get()));
    return true;
  }

  private void finishCurrent() {
    Outcome<?> o =
        session
            .outcome()
            .orElseThrow(
                () -> new IllegalStateException("phase " + current.name() + " has not ended"));
    switch (o) {
      case Outcome.Completed<?> done -> {
        rounds += done.rounds();
        lastTranscript = done.transcript();
        accept(current, done.value());
      }
      case Outcome.Aborted<?> aborted ->
          outcome = Optional.of(new Outcome.Aborted<>(aborted.accusation()));
    }
    current = null;
    session = null;
  }

  @SuppressWarnings("unchecked")
  private <T> void accept(PlannedPhase<T> step, Object value) {
    T typed = (T) value;
    if (step.codec().isPresent()) {
      store.put(scope(step), step.name(), step.codec().get().encode().apply(typed));
    }
    step.accept().accept(typed);
  }

  private Bytes32 scope(PlannedPhase<?> step) {
    return step.scope() == PlannedPhase.Scope.COMMITTEE ? committeeScope : request.id();
  }

  /** SHA-256(domain, computation id, protocol name, the last phase's transcript). */
  private Bytes32 transcript() {
    MessageDigest sha = Sha256.newDigest();
    sha.update(DOMAIN);
    sha.update(request.id().toArrayUnsafe());
    sha.update(protocol.name().getBytes(StandardCharsets.US_ASCII));
    sha.update(lastTranscript.toArrayUnsafe());
    return Bytes32.wrap(sha.digest());
  }
}

package io.parley.zk.local;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.CommitteeMember;
import io.parley.zk.computation.ComputationRequest;
import io.parley.zk.computation.ComputationResult;
import io.parley.zk.computation.InMemoryMemberStore;
import io.parley.zk.computation.MemberComputation;
import io.parley.zk.computation.MemberInputs;
import io.parley.zk.computation.Phase;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Committee;
import io.parley.zk.session.ProtocolSession;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A committee of n = 3t+1 members in one process, each running its computation through the door
 * ({@link MemberComputation}) with its own {@link InMemoryMemberStore}, the members' sessions of
 * each phase connected by an in-memory transport. The real malicious protocols with no shortcuts:
 * by default the one {@link Protocols#select} picks (rep4 for 4 members when the circuit fits,
 * king-based openings for 7). It plays the wallets too: secret inputs are dealt in the protocol's
 * format as a wallet would deal them. Used by the contracts test kit, so that authors run
 * confidential functions on the engine itself, not on a plaintext stand-in.
 *
 * <p>Single-threaded and deterministic in message order; members' randomness is fresh. Secret state
 * stays secret-shared between runs ({@link SharedValues}); only tests reconstruct it.
 */
public final class LocalCommittee {
  private final Committee committee;
  private final List<PrivateKey> keys;
  private final List<InMemoryMemberStore> stores = new ArrayList<>();
  private final RandomGenerator dealer;
  private final java.util.Set<Integer> silent = new java.util.HashSet<>();

  /** Every member's shares of secret values (element m is member m's), in one protocol's format. */
  public record SharedValues(Protocol protocol, List<ShareVector> shares) {
    public SharedValues {
      shares = List.copyOf(shares);
    }

    /** The values, as a recipient reconstructs them. */
    public BigInteger[] decode() {
      return protocol.inputFormat().reconstruct(shares);
    }
  }

  /**
   * What the committee produced: public outputs (equal at every member), the values of outputs for
   * a recipient as it reconstructs them, and the account each went to, the new secret state (still
   * shared), the transcript digest, and what the run cost.
   */
  public record Run(
      Protocol protocol,
      Map<String, BigInteger[]> publicOutputs,
      Map<String, BigInteger[]> recipientOutputs,
      Map<String, String> recipients,
      Map<String, SharedValues> state,
      Bytes32 transcript,
      int rounds,
      long messages,
      long bytes) {}

  /** The computation ended without outputs at some member; {@link #accusations} say why. */
  public static final class AbortException extends RuntimeException {
    private final transient Map<Integer, Accusation> accusations;

    AbortException(Map<Integer, Accusation> accusations) {
      super("committee aborted: " + accusations);
      this.accusations = Map.copyOf(accusations);
    }

    /** By member: what each member that aborted accuses. */
    public Map<Integer, Accusation> accusations() {
      return accusations;
    }

    /** A proven blame if some member holds one, else the first member's accusation. */
    public Accusation accusation() {
      return accusations.values().stream()
          .filter(a -> a instanceof Accusation.Proven)
          .findFirst()
          .orElse(accusations.values().iterator().next());
    }
  }

  public LocalCommittee(int size) {
    this(freshKeys(size), new SecureRandom());
  }

  public LocalCommittee(List<PrivateKey> keys, RandomGenerator dealer) {
    this.keys = List.copyOf(keys);
    this.committee = new Committee(keys.stream().map(PrivateKey::publicKey).toList());
    this.dealer = dealer;
    for (int i = 0; i < keys.size(); i++) {
      stores.add(new InMemoryMemberStore());
    }
  }

  private static List<PrivateKey> freshKeys(int size) {
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      keys.add(PrivateKey.random());
    }
    return keys;
  }

  public int size() {
    return committee.size();
  }

  /**
   * From now on member {@code member} sends nothing, as a crashed member would: computations then
   * end in an abort (the engine does not yet complete without a member). For tests of what a
   * contract does when its computation aborts.
   */
  public LocalCommittee silence(int member) {
    if (member < 0 || member >= size()) {
      throw new IllegalArgumentException("no member " + member);
    }
    silent.add(member);
    return this;
  }

  public int threshold() {
    return committee.threshold();
  }

  public List<PublicKey> publicKeys() {
    return committee.members();
  }

  /** The protocol the committee runs these circuits with (all of one contract at once). */
  public Protocol protocolFor(List<ValidatedCircuit> circuits) {
    return Protocols.select(size(), circuits.stream().map(Workload.CircuitWorkload::new).toList());
  }

  /** Deals values as a wallet would: one fresh sharing per element, in the protocol's format. */
  public SharedValues deal(Protocol protocol, BigInteger[] values) {
    return new SharedValues(protocol, protocol.inputFormat().deal(values, size(), dealer));
  }

  /**
   * Runs a circuit with the protocol {@link Protocols#select} picks for it alone. See {@link
   * #run(Protocol, Bytes32, ValidatedCircuit, Map, Map, Map, Map)}.
   */
  public Run run(
      Bytes32 computation,
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> secretInputs,
      Map<String, SharedValues> state,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {
    return run(
        protocolFor(List.of(circuit)),
        computation,
        circuit,
        secretInputs,
        state,
        publicValues,
        recipients);
  }

  /**
   * Runs a circuit: {@code secretInputs} in the clear (dealt here, as wallets deal them), {@code
   * state} as the committee holds it (absent state starts at zero), public arguments, and the
   * account of each recipient the circuit names.
   *
   * @throws AbortException if any member ends without outputs
   * @throws IllegalArgumentException if an input is missing or misshapen, before any interaction
   */
  public Run run(
      Protocol protocol,
      Bytes32 computation,
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> secretInputs,
      Map<String, SharedValues> state,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {
    return runDealt(
        protocol,
        computation,
        circuit,
        dealInputs(protocol, circuit, secretInputs),
        state,
        publicValues,
        recipients);
  }

  /**
   * Runs a circuit on secret inputs already dealt (as wallets dealt them when they submitted), so a
   * caller can keep the same shares after the committee checked them; otherwise as {@link
   * #run(Protocol, Bytes32, ValidatedCircuit, Map, Map, Map, Map)}.
   */
  public Run runDealt(
      Protocol protocol,
      Bytes32 computation,
      ValidatedCircuit circuit,
      Map<String, SharedValues> secretInputs,
      Map<String, SharedValues> state,
      Map<String, BigInteger[]> publicValues,
      Map<String, String> recipients) {
    ComputationRequest request =
        new ComputationRequest(
            computation, new Workload.CircuitWorkload(circuit), publicValues, recipients);
    List<Map<String, ShareVector>> secret = new ArrayList<>();
    for (int m = 0; m < size(); m++) {
      Map<String, ShareVector> mine = new LinkedHashMap<>();
      int member = m;
      secretInputs.forEach(
          (name, shared) -> mine.put(name, held(protocol, "secret input", name, shared, member)));
      secret.add(mine);
    }
    List<MemberComputation> members = new ArrayList<>();
    for (int m = 0; m < size(); m++) {
      Map<String, ShareVector> myState = new HashMap<>();
      int member = m;
      state.forEach(
          (name, shared) -> myState.put(name, held(protocol, "state", name, shared, member)));
      members.add(
          protocol.member(
              new CommitteeMember(committee, m, keys.get(m)),
              request,
              new MemberInputs(secret.get(m), myState),
              stores.get(m)));
    }
    InMemoryTransport transport = new InMemoryTransport(silent);
    List<Outcome<ComputationResult>> outcomes = runAll(members, transport);
    for (InMemoryMemberStore store : stores) {
      store.forget(computation);
    }
    return collect(protocol, circuit, outcomes, transport);
  }

  private Map<String, SharedValues> dealInputs(
      Protocol protocol, ValidatedCircuit circuit, Map<String, BigInteger[]> secretInputs) {
    Map<String, SharedValues> dealt = new LinkedHashMap<>();
    for (Circuit.Input in : circuit.circuit().inputs()) {
      if (in.kind() != Circuit.InputKind.SECRET) {
        continue;
      }
      BigInteger[] values = secretInputs.get(in.name());
      if (values == null || values.length != in.type().length()) {
        throw new IllegalArgumentException(
            "secret input '" + in.name() + "' needs " + in.type().length() + " value(s)");
      }
      dealt.put(in.name(), deal(protocol, values));
    }
    return dealt;
  }

  private static ShareVector held(
      Protocol protocol, String what, String name, SharedValues shared, int m) {
    if (!shared.protocol().equals(protocol)) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' is shared for "
              + shared.protocol().name()
              + ", not "
              + protocol.name());
    }
    return shared.shares().get(m);
  }

  /** Runs every member's phases in lockstep until all have outcomes. */
  private static List<Outcome<ComputationResult>> runAll(
      List<MemberComputation> members, InMemoryTransport transport) {
    while (true) {
      List<Optional<Phase>> phases = members.stream().map(MemberComputation::next).toList();
      if (phases.stream().allMatch(Optional::isEmpty)) {
        break;
      }
      List<ProtocolSession<?>> sessions = new ArrayList<>();
      for (int m = 0; m < phases.size(); m++) {
        Optional<Phase> p = phases.get(m);
        if (p.isEmpty()) {
          // this member ended (an abort); the others' sessions see its silence
          sessions.add(new Silent());
        } else {
          sessions.add(p.get().session());
        }
      }
      transport.run(sessions);
      for (int m = 0; m < sessions.size(); m++) {
        if (sessions.get(m).outcome().isEmpty()) {
          throw new IllegalStateException("member " + m + "'s session did not end");
        }
      }
    }
    return members.stream().map(c -> c.outcome().orElseThrow()).toList();
  }

  private Run collect(
      Protocol protocol,
      ValidatedCircuit circuit,
      List<Outcome<ComputationResult>> outcomes,
      InMemoryTransport transport) {
    Map<Integer, Accusation> aborted = new LinkedHashMap<>();
    List<ComputationResult> results = new ArrayList<>();
    for (int m = 0; m < outcomes.size(); m++) {
      switch (outcomes.get(m)) {
        case Outcome.Completed<ComputationResult> c -> results.add(c.value());
        case Outcome.Aborted<ComputationResult> a -> aborted.put(m, a.accusation());
      }
    }
    if (!aborted.isEmpty()) {
      throw new AbortException(aborted);
    }
    ComputationResult first = results.get(0);
    Map<String, BigInteger[]> recipientOutputs = new LinkedHashMap<>();
    Map<String, String> recipients = new LinkedHashMap<>();
    Map<String, SharedValues> newState = new LinkedHashMap<>();
    for (Circuit.Output o : circuit.circuit().outputs()) {
      switch (o.to()) {
        case PUBLIC -> {}
        case ADDRESS -> {
          SharedValues shares =
              new SharedValues(
                  protocol,
                  results.stream().map(r -> r.recipientShares().get(o.name()).shares()).toList());
          recipientOutputs.put(
              o.name(),
              io.parley.zk.computation.OutputReconstruction.asType(shares.decode(), o.type()));
          recipients.put(o.name(), first.recipientShares().get(o.name()).recipient());
        }
        case STATE ->
            newState.put(
                o.name(),
                new SharedValues(
                    protocol, results.stream().map(r -> r.state().get(o.name())).toList()));
      }
    }
    Outcome.Completed<ComputationResult> done =
        (Outcome.Completed<ComputationResult>) outcomes.get(0);
    return new Run(
        protocol,
        first.publicOutputs(),
        recipientOutputs,
        recipients,
        newState,
        done.transcript(),
        done.rounds(),
        transport.messages(),
        transport.bytes());
  }

  /** The session of a member that has already ended: it sends nothing and is done. */
  private static final class Silent implements ProtocolSession<Void> {
    @Override
    public List<io.parley.zk.session.Action> start() {
      return List.of();
    }

    @Override
    public List<io.parley.zk.session.Action> onMessage(io.parley.zk.messages.Envelope envelope) {
      return List.of();
    }

    @Override
    public List<io.parley.zk.session.Action> onTimeout(int step) {
      return List.of();
    }

    @Override
    public Optional<Outcome<Void>> outcome() {
      return Optional.of(new Outcome.Aborted<>(new Accusation.Unresolved(-1, "ended")));
    }
  }
}

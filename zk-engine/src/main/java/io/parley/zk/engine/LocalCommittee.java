package io.parley.zk.engine;

import io.parley.base.crypto.PrivateKey;
import io.parley.base.crypto.PublicKey;
import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.CircuitResult;
import io.parley.zk.interpreter.Interpreter;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.EnvelopeCodec;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import io.parley.zk.sharing.ReedSolomon;
import io.parley.zk.sharing.Shamir;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A committee of n = 3t+1 members in one process, running the real malicious protocol of ADR 0020
 * over an in-memory transport: committee-made preprocessing, the check of user-dealt input
 * sharings, random bits, then the circuit with signed, Reed-Solomon checked openings. It plays the
 * users too: secret inputs are dealt as a wallet would deal them. Used by the contracts test kit so
 * that authors run confidential functions on the engine itself, not on a plaintext stand-in.
 *
 * <p>Single-threaded and deterministic in message order; members' randomness is fresh. Secret state
 * stays secret-shared between runs ({@link SharedValues}); only tests decode it.
 */
public final class LocalCommittee {
  /** Rounds of timeouts after which a stuck computation is reported (all members are honest). */
  private static final int MAX_QUIET_PERIODS = 3;

  private final Committee committee;
  private final List<PrivateKey> keys;
  private final RandomGenerator dealer;

  /** Shares of secret values held by the committee: {@code shares[member][element]}. */
  public record SharedValues(FieldElement[][] shares) {
    public SharedValues {
      shares = Arrays.stream(shares).map(FieldElement[]::clone).toArray(FieldElement[][]::new);
    }

    FieldElement[] of(int member) {
      return shares[member].clone();
    }

    /** Decodes the values (Reed-Solomon, as an output's recipient does) as signed integers. */
    public BigInteger[] decode(int threshold) {
      int n = shares.length;
      ReedSolomon rs = new ReedSolomon(n, threshold);
      BigInteger[] values = new BigInteger[shares[0].length];
      for (int e = 0; e < values.length; e++) {
        FieldElement[] column = new FieldElement[n];
        for (int m = 0; m < n; m++) {
          column[m] = shares[m][e];
        }
        int element = e;
        values[e] =
            rs.decode(column)
                .orElseThrow(() -> new IllegalStateException("undecodable element " + element))
                .value()
                .toSignedBigInteger();
      }
      return values;
    }
  }

  /**
   * What the committee produced: public outputs (equal at every member), the values of outputs for
   * an address as their recipient decodes them, the new secret state (still shared), and traffic.
   */
  public record Run(
      Map<String, BigInteger[]> publicOutputs,
      Map<String, BigInteger[]> addressOutputs,
      Map<String, SharedValues> state,
      Bytes32 transcript,
      int onlineRounds,
      long messages,
      long bytes) {}

  /** The computation ended without outputs; {@code accusation} says why. */
  public static final class AbortException extends RuntimeException {
    private final transient Accusation accusation;

    AbortException(String phase, Accusation accusation) {
      super("committee aborted in " + phase + ": " + accusation);
      this.accusation = accusation;
    }

    public Accusation accusation() {
      return accusation;
    }
  }

  public LocalCommittee(int size) {
    this(freshKeys(size), new SecureRandom());
  }

  public LocalCommittee(List<PrivateKey> keys, RandomGenerator dealer) {
    this.keys = List.copyOf(keys);
    this.committee = new Committee(keys.stream().map(PrivateKey::publicKey).toList());
    this.dealer = dealer;
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

  public int threshold() {
    return committee.threshold();
  }

  public List<PublicKey> publicKeys() {
    return committee.members();
  }

  /** Deals values as a user would: one fresh degree-t sharing per element. */
  public SharedValues deal(BigInteger[] values) {
    int n = size();
    FieldElement[][] shares = new FieldElement[n][values.length];
    for (int e = 0; e < values.length; e++) {
      FieldElement[] s = Shamir.share(FieldElement.of(values[e]), threshold(), n, dealer);
      for (int m = 0; m < n; m++) {
        shares[m][e] = s[m];
      }
    }
    return new SharedValues(shares);
  }

  /**
   * Runs a circuit: {@code secretInputs} in the clear (dealt here), {@code state} as the committee
   * holds it (absent state inputs start at zero), {@code publicValues} as decimal-free integers.
   *
   * @throws AbortException if any member ends without outputs
   */
  public Run run(
      Bytes32 computation,
      ValidatedCircuit circuit,
      Map<String, BigInteger[]> secretInputs,
      Map<String, SharedValues> state,
      Map<String, BigInteger[]> publicValues) {
    int n = size();
    Map<String, SharedValues> secret = new LinkedHashMap<>();
    Map<String, SharedValues> stateShares = new LinkedHashMap<>();
    Map<String, FieldElement[]> zeros = new HashMap<>();
    Map<String, FieldElement[]> zeroState = new HashMap<>();
    for (Circuit.Input in : circuit.circuit().inputs()) {
      int length = in.type().array() ? in.type().length() : 1;
      FieldElement[] zero = new FieldElement[length];
      Arrays.fill(zero, FieldElement.ZERO);
      switch (in.kind()) {
        case SECRET -> {
          BigInteger[] values = secretInputs.get(in.name());
          if (values == null || values.length != length) {
            throw new IllegalArgumentException(
                "secret input '" + in.name() + "' needs " + length + " value(s)");
          }
          secret.put(in.name(), deal(values));
          zeros.put(in.name(), zero);
        }
        case STATE -> {
          SharedValues held = state.get(in.name());
          if (held == null) {
            held = new SharedValues(zeroShares(n, length));
          } else if (held.shares()[0].length != length) {
            throw new IllegalArgumentException(
                "state '" + in.name() + "' holds " + held.shares()[0].length + " value(s)");
          }
          stateShares.put(in.name(), held);
          zeroState.put(in.name(), zero);
        }
        case PUBLIC -> {
          if (!publicValues.containsKey(in.name())) {
            throw new IllegalArgumentException("public argument '" + in.name() + "' is missing");
          }
        }
      }
    }
    CircuitInputs dry = new CircuitInputs(zeros, zeroState, publicValues);
    Requirements needs = Requirements.of(n, c -> Interpreter.program(circuit, dry, c));
    BatchPlan plan = needs.plan(n);
    BatchPlan withInputCheck = new BatchPlan(n, plan.triples(), plan.randoms() + 2, plan.squares());

    List<MemberPipeline> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add(new MemberPipeline(committee, i, keys.get(i), OnlineSession.Mode.MALICIOUS));
    }
    Transport transport = new Transport();
    List<BatchOutput> batches =
        transport.runAll(
            "preprocessing",
            members.stream().map(m -> m.preprocessing(computation, withInputCheck)).toList());
    for (int i = 0; i < n; i++) {
      members.get(i).accept(batches.get(i));
    }
    List<ProtocolSession<Boolean>> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<FieldElement> mine = new ArrayList<>();
      for (SharedValues s : secret.values()) {
        mine.addAll(List.of(s.of(i)));
      }
      checks.add(members.get(i).inputCheck(computation, mine.toArray(FieldElement[]::new)));
    }
    transport.runAll("input check", checks);
    List<FieldElement[]> bits =
        transport.runAll(
            "random bits",
            members.stream().map(m -> m.bits(computation, (int) needs.bits())).toList());
    for (int i = 0; i < n; i++) {
      members.get(i).acceptBits(bits.get(i));
    }
    List<ProtocolSession<CircuitResult>> online = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, FieldElement[]> mySecrets = new HashMap<>();
      Map<String, FieldElement[]> myState = new HashMap<>();
      int member = i;
      secret.forEach((name, s) -> mySecrets.put(name, s.of(member)));
      stateShares.forEach((name, s) -> myState.put(name, s.of(member)));
      CircuitInputs inputs = new CircuitInputs(mySecrets, myState, publicValues);
      online.add(members.get(i).program(computation, c -> Interpreter.program(circuit, inputs, c)));
    }
    List<Outcome.Completed<CircuitResult>> results = transport.complete("online", online);
    return collect(circuit, results, transport);
  }

  private Run collect(
      ValidatedCircuit circuit,
      List<Outcome.Completed<CircuitResult>> results,
      Transport transport) {
    int n = size();
    CircuitResult first = results.get(0).value();
    Map<String, BigInteger[]> addressOutputs = new LinkedHashMap<>();
    Map<String, SharedValues> newState = new LinkedHashMap<>();
    for (Circuit.Output o : circuit.circuit().outputs()) {
      switch (o.to()) {
        case PUBLIC -> {}
        case ADDRESS ->
            addressOutputs.put(
                o.name(),
                gather(results, r -> r.addressShares().get(o.name()), n).decode(threshold()));
        case STATE ->
            newState.put(o.name(), gather(results, r -> r.stateShares().get(o.name()), n));
      }
    }
    return new Run(
        first.publicOutputs(),
        addressOutputs,
        newState,
        results.get(0).transcript(),
        results.get(0).rounds(),
        transport.messages,
        transport.bytes);
  }

  private static SharedValues gather(
      List<Outcome.Completed<CircuitResult>> results,
      java.util.function.Function<CircuitResult, FieldElement[]> pick,
      int n) {
    FieldElement[][] shares = new FieldElement[n][];
    for (int m = 0; m < n; m++) {
      shares[m] = pick.apply(results.get(m).value());
    }
    return new SharedValues(shares);
  }

  private static FieldElement[][] zeroShares(int n, int length) {
    FieldElement[][] shares = new FieldElement[n][length];
    for (FieldElement[] row : shares) {
      Arrays.fill(row, FieldElement.ZERO);
    }
    return shares;
  }

  /** In-memory FIFO delivery between the members' sessions; counts messages and encoded bytes. */
  private static final class Transport {
    private record Delivery(int to, Envelope envelope) {}

    long messages;
    long bytes;

    <T> List<T> runAll(String phase, List<? extends ProtocolSession<T>> sessions) {
      return complete(phase, sessions).stream().map(Outcome.Completed::value).toList();
    }

    <T> List<Outcome.Completed<T>> complete(
        String phase, List<? extends ProtocolSession<T>> sessions) {
      ArrayDeque<Delivery> queue = new ArrayDeque<>();
      int[] pendingTimeout = new int[sessions.size()];
      Arrays.fill(pendingTimeout, -1);
      for (int i = 0; i < sessions.size(); i++) {
        perform(i, sessions.get(i).start(), queue, pendingTimeout);
      }
      for (int quiet = 0; quiet <= MAX_QUIET_PERIODS; quiet++) {
        while (!queue.isEmpty()) {
          Delivery d = queue.poll();
          messages++;
          bytes += EnvelopeCodec.encodedSize(d.envelope());
          perform(d.to(), sessions.get(d.to()).onMessage(d.envelope()), queue, pendingTimeout);
        }
        if (sessions.stream().allMatch(s -> s.outcome().isPresent())) {
          break;
        }
        for (int i = 0; i < sessions.size(); i++) {
          if (sessions.get(i).outcome().isEmpty() && pendingTimeout[i] >= 0) {
            perform(i, sessions.get(i).onTimeout(pendingTimeout[i]), queue, pendingTimeout);
          }
        }
      }
      List<Outcome.Completed<T>> done = new ArrayList<>();
      for (ProtocolSession<T> s : sessions) {
        Optional<Outcome<T>> outcome = s.outcome();
        if (outcome.isEmpty()) {
          throw new AbortException(phase, new Accusation.Unresolved(-1, "no outcome"));
        }
        switch (outcome.get()) {
          case Outcome.Completed<T> c -> done.add(c);
          case Outcome.Aborted<T> a -> throw new AbortException(phase, a.accusation());
        }
      }
      return done;
    }

    private static void perform(
        int member, List<Action> actions, ArrayDeque<Delivery> queue, int[] pendingTimeout) {
      for (Action a : actions) {
        switch (a) {
          case Action.Send s -> queue.add(new Delivery(s.to(), s.envelope()));
          case Action.ScheduleTimeout st -> pendingTimeout[member] = st.step();
        }
      }
    }
  }
}

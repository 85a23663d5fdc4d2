package io.parley.zk.computation;

import io.parley.zk.circuit.ValueType;
import io.parley.zk.field.FieldElement;
import io.parley.zk.interpreter.CircuitInputs;
import io.parley.zk.interpreter.Interpreter;
import io.parley.zk.messages.Signer;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.PreprocessingStore;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.CountingPreprocessing;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.RangeCheck;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The online program of a workload on Shamir shares, the same for broadcast and king-based
 * openings: the circuit interpreter, or a kernel's vector operation.
 */
final class ShamirPrograms {
  private ShamirPrograms() {}

  /** Comparisons of 32-bit values compare differences of 33 bits. */
  private static final int KERNEL_COMPARISON_BITS = 33;

  static Program<ComputationResult> program(
      ComputationRequest request, ResolvedInputs inputs, OnlineContext context) {
    Map<String, FieldElement[]> secret = fields(inputs.secret());
    Map<String, FieldElement[]> state = fields(inputs.state());
    return switch (request.workload()) {
      case Workload.CircuitWorkload c ->
          Interpreter.program(
                  c.circuit(), new CircuitInputs(secret, state, request.publicValues()), context)
              .map(
                  r ->
                      Recipients.result(
                          c,
                          request,
                          r.publicOutputs(),
                          r.addressShares(),
                          r.stateShares(),
                          ShareVector.Field::new));
      case Workload.Kernel k -> kernel(k, secret.get("x"), secret.get("y"), context);
    };
  }

  /** Dry runs remembered, by committee size, workload and bounded-random source. */
  private static final int REMEMBERED = 64;

  private static final Map<RequirementsKey, Requirements> REQUIREMENTS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RequirementsKey, Requirements> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** A workload by value (kernels) or by identity (a circuit object the caller keeps). */
  private record RequirementsKey(int members, boolean prssBounded, Object workload) {}

  private record Same(Object value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Same other && other.value == value;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(value);
    }
  }

  /**
   * What the workload's program consumes (a dry run on zero shares: consumption never depends on
   * values). Remembered for the last workloads run, since a committee runs the same circuits again
   * and again and the dry run of a large program costs as much as building it.
   */
  static Requirements requirements(int members, ComputationRequest request, boolean prssBounded) {
    Workload w = request.workload();
    RequirementsKey key =
        new RequirementsKey(
            members,
            prssBounded,
            w instanceof Workload.CircuitWorkload c ? new Same(c.circuit()) : w);
    synchronized (REQUIREMENTS) {
      Requirements known = REQUIREMENTS.get(key);
      if (known != null) {
        return known;
      }
    }
    Requirements needs = Requirements.of(members, c -> dryRun(request, c), prssBounded);
    synchronized (REQUIREMENTS) {
      REQUIREMENTS.put(key, needs);
    }
    return needs;
  }

  /** The same program on zero shares: what it consumes, for planning preprocessing. */
  private static Program<?> dryRun(ComputationRequest request, OnlineContext context) {
    Map<String, FieldElement[]> secret = new LinkedHashMap<>();
    request.workload().secretInputs().forEach(s -> secret.put(s.name(), zeros(s.length())));
    Map<String, FieldElement[]> state = new LinkedHashMap<>();
    request.workload().stateInputs().forEach(s -> state.put(s.name(), zeros(s.length())));
    return switch (request.workload()) {
      case Workload.CircuitWorkload c ->
          Interpreter.program(
              c.circuit(), new CircuitInputs(secret, state, request.publicValues()), context);
      case Workload.Kernel k -> kernel(k, secret.get("x"), secret.get("y"), context);
    };
  }

  /**
   * The check of the dealt input sharings ({@code input}): two broadcast openings that attribute
   * nothing, since a bad share may be the wallet's; consumes {@link InputCheck#randoms} randoms.
   */
  static PlannedPhase<Boolean> inputCheck(
      CommitteeMember member,
      ComputationRequest request,
      ResolvedInputs inputs,
      PreprocessingStore preprocessing) {
    Bytes32 id = SessionIds.derive(request.id(), "input");
    return PlannedPhase.kept(
        "input",
        id,
        () ->
            new OnlineSession<>(
                member.committee(),
                member.self(),
                id,
                InputCheck.program(
                    new SecureArithmetic(
                        new OnlineContext(member.self(), member.size(), preprocessing)),
                    allSecretShares(inputs),
                    inputs.checkMask().map(m -> ((ShareVector.Field) m).shares()[0])),
                Signer.with(member.key()),
                OnlineSession.Mode.MALICIOUS,
                false),
        verdict -> {},
        Material.VERDICT,
        () -> preprocessing.randoms(InputCheck.randoms(inputs.checkMask().isPresent())));
  }

  /**
   * Whether a run checks the ranges of its dealt inputs exactly ({@link RangeCheck}): a circuit's
   * secret inputs have declared types, which the interpreter's intervals rely on; a wallet can deal
   * any field element. Kernels (benchmarks, dealt by the bench itself) are not checked.
   */
  static boolean checksRanges(ComputationRequest request, ResolvedInputs inputs) {
    return request.security() == Security.MALICIOUS
        && inputs.hasSecrets()
        && request.workload() instanceof Workload.CircuitWorkload;
  }

  /** What the range check consumes (nothing when the run does not check ranges). */
  static Requirements rangeRequirements(
      int members, ComputationRequest request, ResolvedInputs inputs, boolean prssBounded) {
    if (!checksRanges(request, inputs)) {
      return new Requirements(0, 0, 0, 0);
    }
    RangeCheck.Range[] ranges = ranges(request);
    return Requirements.of(
        members,
        c -> RangeCheck.program(new SecureArithmetic(c), zeros(ranges.length), ranges),
        prssBounded);
  }

  /**
   * The exact range check of the dealt inputs ({@code range}), after the consistency check: a value
   * out of its type aborts with {@code InputOutOfRange}, blaming nobody. Its openings attribute
   * errors: the consistency check has shown every dealt sharing to be of degree t, so a share the
   * Reed-Solomon decoder locates as wrong here is its sender's deviation, not the wallet's (a
   * member that disturbed the check could otherwise get any input rejected without blame).
   */
  static PlannedPhase<Boolean> rangeCheck(
      CommitteeMember member,
      ComputationRequest request,
      ResolvedInputs inputs,
      PreprocessingStore preprocessing,
      int rounds) {
    Bytes32 id = SessionIds.derive(request.id(), "range");
    RangeCheck.Range[] ranges = ranges(request);
    Supplier<SecureArithmetic> arithmetic =
        () -> new SecureArithmetic(new OnlineContext(member.self(), member.size(), preprocessing));
    return PlannedPhase.kept(
        "range",
        id,
        () ->
            new RangeVerdict(
                new OnlineSession<>(
                    member.committee(),
                    member.self(),
                    id,
                    RangeCheck.program(arithmetic.get(), allSecretShares(inputs), ranges),
                    Signer.with(member.key()),
                    OnlineSession.Mode.MALICIOUS),
                rounds),
        verdict -> {},
        Material.VERDICT,
        () ->
            CountingPreprocessing.dryRun(
                RangeCheck.program(arithmetic.get(), zeros(ranges.length), ranges)));
  }

  /** Each dealt value's declared range, in the order of {@link #allSecretShares}. */
  private static RangeCheck.Range[] ranges(ComputationRequest request) {
    Workload.CircuitWorkload c = (Workload.CircuitWorkload) request.workload();
    List<RangeCheck.Range> out = new ArrayList<>();
    for (Workload.Slot slot : c.secretInputs()) {
      ValueType type =
          c.circuit().circuit().inputs().stream()
              .filter(in -> in.name().equals(slot.name()))
              .findFirst()
              .orElseThrow()
              .type();
      for (int i = 0; i < slot.length(); i++) {
        out.add(new RangeCheck.Range(type.min(), type.width()));
      }
    }
    return out.toArray(RangeCheck.Range[]::new);
  }

  /** All secret input shares in workload order: what the input check combines. */
  private static FieldElement[] allSecretShares(ResolvedInputs inputs) {
    int total = 0;
    for (ShareVector v : inputs.secret().values()) {
      total += v.length();
    }
    FieldElement[] all = new FieldElement[total];
    int at = 0;
    for (ShareVector v : inputs.secret().values()) {
      FieldElement[] shares = ((ShareVector.Field) v).shares();
      System.arraycopy(shares, 0, all, at, shares.length);
      at += shares.length;
    }
    return all;
  }

  private static Program<ComputationResult> kernel(
      Workload.Kernel k, FieldElement[] x, FieldElement[] y, OnlineContext context) {
    SecureArithmetic arithmetic = new SecureArithmetic(context);
    Program<FieldElement[]> z =
        switch (k.operation()) {
          case MULTIPLY -> arithmetic.multiply(x, y);
          case LESS_THAN_32 ->
              new Comparisons(arithmetic)
                  .lessThanZero(Vectors.subtract(x, y), KERNEL_COMPARISON_BITS);
        };
    return z.map(
        values ->
            new ComputationResult(Map.of(), Map.of(), Map.of("z", new ShareVector.Field(values))));
  }

  private static Map<String, FieldElement[]> fields(Map<String, ShareVector> vectors) {
    Map<String, FieldElement[]> out = new LinkedHashMap<>();
    vectors.forEach((name, v) -> out.put(name, ((ShareVector.Field) v).shares()));
    return out;
  }

  private static FieldElement[] zeros(int length) {
    FieldElement[] z = new FieldElement[length];
    java.util.Arrays.fill(z, FieldElement.ZERO);
    return z;
  }
}

package io.parley.zk.computation;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.rep4.Rep4Comparisons;
import io.parley.zk.rep4.Rep4Context;
import io.parley.zk.rep4.Rep4InputCheck;
import io.parley.zk.rep4.Rep4Keys;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Rep4Session;
import io.parley.zk.rep4.Shares;
import io.parley.zk.rep4.circuit.Rep4CircuitInputs;
import io.parley.zk.rep4.circuit.Rep4Interpreter;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * {@link FantasticFour}'s phases: the committee's PRG keys ({@code rep4-keys}, kept under the
 * committee's id), the consistency check of the wallet-dealt inputs ({@code input}, malicious runs
 * with secret inputs), then the program ({@code online}).
 */
final class Rep4Plan {
  static final String KEYS = "rep4-keys";

  /** Comparisons of 32-bit values compare differences of 34 bits in the ring. */
  private static final int KERNEL_COMPARISON_BITS = 34;

  private final CommitteeMember member;
  private final ComputationRequest request;
  private final ResolvedInputs inputs;
  private Rep4Keys keys;
  private ComputationResult result;

  private Rep4Plan(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    this.member = member;
    this.request = request;
    this.inputs = inputs;
  }

  static Plan of(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    Rep4Plan r = new Rep4Plan(member, request, inputs);
    Plan plan = new Plan();
    plan.add(r.keys());
    if (request.security() == Security.MALICIOUS && inputs.hasSecrets()) {
      plan.add(r.inputCheck());
    }
    plan.add(r.online());
    plan.result(() -> r.result);
    return plan;
  }

  private PlannedPhase<Rep4Keys> keys() {
    return PlannedPhase.committeeKeys(
        KEYS,
        member,
        request.id(),
        id -> {
          SecureRandom random = new SecureRandom();
          byte[][] contributions = new byte[4][];
          for (int m = 0; m < 4; m++) {
            if (m != member.self()) {
              contributions[m] = new byte[32];
              random.nextBytes(contributions[m]);
            }
          }
          Rep4Context context =
              new Rep4Context(
                  member.committee(),
                  member.self(),
                  Optional.empty(),
                  Optional.of(member.key()),
                  id);
          return new Rep4Session<>(context, Rep4Program.setupKeys(contributions));
        },
        agreed -> keys = agreed,
        Material.REP4_KEYS);
  }

  /**
   * The check that the three holders of every component of the wallet-dealt inputs hold the same
   * values ({@code Rep4InputCheck}: keyed digests, echoed, so that all honest members agree).
   */
  private PlannedPhase<Boolean> inputCheck() {
    Bytes32 id = SessionIds.derive(request.id(), "input");
    return PlannedPhase.kept(
        "input",
        id,
        () ->
            new Rep4InputCheck(
                context(id),
                Shares.concat(shares(inputs.secret()).values().toArray(Shares[]::new))),
        verdict -> {},
        Material.VERDICT,
        () -> {});
  }

  private PlannedPhase<ComputationResult> online() {
    Bytes32 id = SessionIds.derive(request.id(), "online");
    return PlannedPhase.last(
        "online",
        id,
        () -> {
          Rep4Context context = context(id);
          return new Rep4Session<>(context, program(context));
        },
        r -> result = r);
  }

  private Rep4Context context(Bytes32 id) {
    Optional<PrivateKey> signing =
        request.security() == Security.MALICIOUS ? Optional.of(member.key()) : Optional.empty();
    return new Rep4Context(member.committee(), member.self(), Optional.of(keys), signing, id);
  }

  private Rep4Program<ComputationResult> program(Rep4Context context) {
    Map<String, Shares> secret = shares(inputs.secret());
    Map<String, Shares> state = shares(inputs.state());
    return switch (request.workload()) {
      case Workload.CircuitWorkload c -> {
        Rep4CircuitInputs in =
            new Rep4CircuitInputs(secret, Map.of(), Map.of(), state, request.publicValues());
        yield Rep4Interpreter.program(c.circuit(), in, context)
            .map(
                out ->
                    Recipients.result(
                        c,
                        request,
                        out.publicOutputs(),
                        out.addressShares(),
                        out.stateShares(),
                        ShareVector.Replicated::new));
      }
      case Workload.Kernel k -> {
        Shares x = secret.get("x");
        Shares y = secret.get("y");
        Rep4Program<Shares> z =
            switch (k.operation()) {
              case MULTIPLY -> Rep4Program.multiply(x, y);
              case LESS_THAN_32 -> Rep4Comparisons.lessThan(x, y, KERNEL_COMPARISON_BITS);
            };
        yield z.map(
            values ->
                new ComputationResult(
                    Map.of(), Map.of(), Map.of("z", new ShareVector.Replicated(values))));
      }
    };
  }

  private static Map<String, Shares> shares(Map<String, ShareVector> vectors) {
    Map<String, Shares> out = new LinkedHashMap<>();
    vectors.forEach((name, v) -> out.put(name, ((ShareVector.Replicated) v).shares()));
    return out;
  }
}

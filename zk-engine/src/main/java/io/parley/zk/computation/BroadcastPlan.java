package io.parley.zk.computation;

import io.parley.zk.messages.Signer;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.preprocessing.PreprocessingSession;
import io.parley.zk.preprocessing.PreprocessingStore;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.RandomBits;
import io.parley.zk.protocol.SecureArithmetic;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;

/**
 * {@link ShamirBroadcast}'s phases: preprocessing batches {@code prep/i}, the check of the dealt
 * input sharings ({@code input}, malicious runs with secret inputs), random bits ({@code bits}),
 * then the program ({@code online}).
 */
final class BroadcastPlan {
  private final CommitteeMember member;
  private final ComputationRequest request;
  private final ResolvedInputs inputs;
  private final OnlineSession.Mode mode;
  private final PreprocessingStore preprocessing = new PreprocessingStore();
  private final List<BatchPlan> batches = new ArrayList<>();
  private final boolean checkInputs;
  private final int bits;
  private final Requirements range;
  private ComputationResult result;

  private BroadcastPlan(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    this.member = member;
    this.request = request;
    this.inputs = inputs;
    this.mode =
        request.security() == Security.MALICIOUS
            ? OnlineSession.Mode.MALICIOUS
            : OnlineSession.Mode.SEMI_HONEST;
    this.checkInputs = request.security() == Security.MALICIOUS && inputs.hasSecrets();
    int n = member.size();
    this.range = ShamirPrograms.rangeRequirements(n, request, inputs, false);
    Requirements needs = ShamirPrograms.requirements(n, request, false).plus(range);
    this.bits = Math.toIntExact(needs.bits());
    List<BatchPlan> plans = needs.plans(n, ShamirBroadcast.MAX_BATCH);
    for (int i = 0; i < plans.size(); i++) {
      BatchPlan p = plans.get(i);
      int extra = i == 0 && checkInputs ? InputCheck.randoms(inputs.checkMask().isPresent()) : 0;
      batches.add(new BatchPlan(n, p.triples(), p.randoms() + extra, p.squares()));
    }
  }

  static Plan of(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    BroadcastPlan b = new BroadcastPlan(member, request, inputs);
    Plan plan = new Plan();
    for (int i = 0; i < b.batches.size(); i++) {
      plan.add(b.batch(i));
    }
    if (b.checkInputs) {
      plan.add(ShamirPrograms.inputCheck(member, request, inputs, b.preprocessing));
    }
    if (b.bits > 0) {
      plan.add(b.bitsStep());
    }
    if (ShamirPrograms.checksRanges(request, inputs)) {
      plan.add(
          ShamirPrograms.rangeCheck(member, request, inputs, b.preprocessing, b.range.rounds()));
    }
    plan.add(b.online());
    plan.result(() -> b.result);
    return plan;
  }

  private PlannedPhase<?> batch(int index) {
    Bytes32 id = SessionIds.batch(request.id(), index);
    BatchPlan plan = batches.get(index);
    return PlannedPhase.kept(
        "prep/" + index,
        id,
        () -> {
          byte[] seed = new byte[32];
          new SecureRandom().nextBytes(seed);
          return new PreprocessingSession(
              member.committee(), member.self(), plan, id, Bytes32.wrap(seed), member.key());
        },
        preprocessing::add,
        Material.BATCH,
        () -> {});
  }

  private PlannedPhase<?> bitsStep() {
    Bytes32 id = SessionIds.derive(request.id(), "bits");
    return PlannedPhase.kept(
        "bits",
        id,
        () -> online(id, RandomBits.generate(new SecureArithmetic(context()), bits)),
        preprocessing::addBits,
        Material.FIELD_ARRAY,
        () -> preprocessing.squares(bits));
  }

  private PlannedPhase<?> online() {
    Bytes32 id = SessionIds.derive(request.id(), "online");
    return PlannedPhase.last(
        "online",
        id,
        () -> online(id, ShamirPrograms.program(request, inputs, context())),
        r -> result = r);
  }

  private <T> OnlineSession<T> online(Bytes32 id, Program<T> program) {
    Signer signer =
        mode == OnlineSession.Mode.MALICIOUS ? Signer.with(member.key()) : Signer.none();
    return new OnlineSession<>(member.committee(), member.self(), id, program, signer, mode);
  }

  private OnlineContext context() {
    return new OnlineContext(member.self(), member.size(), preprocessing);
  }
}

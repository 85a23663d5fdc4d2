package io.parley.zk.computation;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.king.Dn07Batch;
import io.parley.zk.king.KingSession;
import io.parley.zk.messages.Signer;
import io.parley.zk.preprocessing.PreprocessingStore;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeySession;
import io.parley.zk.prss.PrssKeys;
import java.security.SecureRandom;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * {@link ShamirKing}'s phases: the committee's PRSS keys ({@code prss-keys}, kept under the
 * committee's id, so only the first computation of a committee runs it), PRSS batches {@code
 * prep/i} (triples, randoms and bits in one degree-2t king opening each), the input check ({@code
 * input}, two broadcast openings that attribute nothing, since a bad share may be the wallet's),
 * then the program with king-based openings ({@code online}). Bounded randoms for comparisons come
 * from PRSS without interaction.
 */
final class KingPlan {
  static final String KEYS = "prss-keys";

  private final CommitteeMember member;
  private final ComputationRequest request;
  private final ResolvedInputs inputs;
  private final Optional<PrivateKey> signing;
  private final PreprocessingStore preprocessing = new PreprocessingStore();
  private PrssKeys keys;
  private ComputationResult result;

  private KingPlan(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    this.member = member;
    this.request = request;
    this.inputs = inputs;
    this.signing =
        request.security() == Security.MALICIOUS ? Optional.of(member.key()) : Optional.empty();
  }

  static Plan of(CommitteeMember member, ComputationRequest request, ResolvedInputs inputs) {
    KingPlan k = new KingPlan(member, request, inputs);
    boolean checkInputs = request.security() == Security.MALICIOUS && inputs.hasSecrets();
    Requirements range = ShamirPrograms.rangeRequirements(member.size(), request, inputs, true);
    Requirements needs = ShamirPrograms.requirements(member.size(), request, true).plus(range);
    Plan plan = new Plan();
    plan.add(k.keys());
    long triplesLeft = needs.triples();
    long randomsLeft =
        needs.randoms() + (checkInputs ? InputCheck.randoms(inputs.checkMask().isPresent()) : 0);
    long bitsLeft = needs.bits();
    for (int b = 0; b == 0 || triplesLeft + randomsLeft + bitsLeft > 0; b++) {
      Dn07Batch.Plan batch =
          new Dn07Batch.Plan(
              (int) Math.min(triplesLeft, ShamirKing.MAX_BATCH),
              (int) Math.min(randomsLeft, ShamirKing.MAX_BATCH),
              (int) Math.min(bitsLeft, ShamirKing.MAX_BATCH));
      plan.add(k.batch(b, batch));
      triplesLeft -= batch.triples();
      randomsLeft -= batch.randoms();
      bitsLeft -= batch.bits();
    }
    if (checkInputs) {
      plan.add(ShamirPrograms.inputCheck(member, request, inputs, k.preprocessing));
    }
    if (ShamirPrograms.checksRanges(request, inputs)) {
      plan.add(ShamirPrograms.rangeCheck(member, request, inputs, k.preprocessing, range.rounds()));
    }
    plan.add(k.online());
    plan.result(() -> k.result);
    return plan;
  }

  private PlannedPhase<PrssKeys> keys() {
    return PlannedPhase.committeeKeys(
        KEYS,
        member,
        request.id(),
        id ->
            new PrssKeySession(
                member.committee(),
                member.self(),
                id,
                Signer.with(member.key()),
                new SecureRandom()),
        agreed -> {
          keys = agreed;
          preprocessing.useBoundedFrom(
              new Prss(agreed.forBatch(SessionIds.derive(request.id(), "bounded"))));
        },
        Material.PRSS_KEYS);
  }

  private PlannedPhase<Dn07Batch.Output> batch(int index, Dn07Batch.Plan batch) {
    Bytes32 batchId = SessionIds.batch(request.id(), index);
    return PlannedPhase.kept(
        "prep/" + index,
        Dn07Batch.sessionId(batchId, batch),
        () ->
            Dn07Batch.session(
                member.committee(), member.self(), batchId, keys.forBatch(batchId), batch, signing),
        output -> {
          preprocessing.add(output.batch());
          preprocessing.addBits(output.bits());
        },
        Material.kingBatch(() -> new Prss(keys.forBatch(batchId)), batch),
        () -> {});
  }

  private PlannedPhase<ComputationResult> online() {
    Bytes32 id = SessionIds.derive(request.id(), "online");
    return PlannedPhase.last(
        "online",
        id,
        () ->
            new KingSession<>(
                member.committee(),
                member.self(),
                id,
                ShamirPrograms.program(request, inputs, context()),
                signing),
        r -> result = r);
  }

  private OnlineContext context() {
    return new OnlineContext(member.self(), member.size(), preprocessing);
  }
}

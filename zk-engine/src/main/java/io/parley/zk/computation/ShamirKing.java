package io.parley.zk.computation;

import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.king.KingBlameVerifier;
import io.parley.zk.messages.Committee;
import io.parley.zk.prss.Subsets;
import java.util.Optional;

/**
 * Shamir sharing over GF(2^127 - 1) with king-based openings (ADR 0025): PRSS keys agreed once per
 * committee ({@code PrssKeySession}), preprocessing batches made by PRSS and one degree-2t king
 * opening ({@code Dn07Session}, blames by replay of disclosed batch keys), the online phase as
 * {@code KingSession} running the same {@code Program}s as the broadcast path, inputs in {@link
 * ShamirFormat}, blames checked by {@code KingBlameVerifier.of}. Runs every validated circuit; the
 * fast path for 7 members.
 */
public record ShamirKing() implements Protocol {
  /**
   * Largest number of PRSS subsets C(n, t) a committee may have for this path (each share costs one
   * PRF evaluation per subset a member holds); 7 members have 21, 10 members would have 120.
   */
  public static final int MAX_SUBSETS = 21;

  /** Largest preprocessing batch, in triples, randoms and bits each. */
  static final int MAX_BATCH = 250_000;

  @Override
  public String name() {
    return "shamir-king";
  }

  @Override
  public InputFormat inputFormat() {
    return new ShamirFormat();
  }

  @Override
  public BlameVerifier verifier(Committee committee) {
    return KingBlameVerifier.of(committee);
  }

  @Override
  public Optional<String> unsupported(int members, Workload workload) {
    return unsupported(members);
  }

  @Override
  public Optional<String> unsupported(int members) {
    int t = (members - 1) / 3;
    int subsets = Subsets.count(members, t);
    return subsets <= MAX_SUBSETS
        ? Optional.empty()
        : Optional.of(
            members + " members need " + subsets + " PRSS subsets, more than " + MAX_SUBSETS);
  }

  @Override
  public MemberComputation member(
      CommitteeMember member, ComputationRequest request, MemberInputs inputs, MemberStore store) {
    return MemberComputation.start(this, member, request, inputs, store, KingPlan::of);
  }
}

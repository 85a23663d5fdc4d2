package io.parley.zk.computation;

import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.messages.Committee;
import io.parley.zk.preprocessing.BatchReplay;
import java.util.Optional;

/**
 * Shamir sharing over GF(2^127 - 1) with broadcast openings (ADR 0020): preprocessing by dealt
 * random sharings with a checked resharing ({@code PreprocessingSession}, blames by replay of a
 * disclosed seed), random bits from checked square pairs, the online phase as {@code OnlineSession}
 * running a {@code Program} (every opening broadcast, signed and decoded as a Reed-Solomon
 * codeword), inputs in {@link ShamirFormat}, blames checked by {@code BatchReplay.verifier}. Runs
 * every validated circuit on any committee of 3t+1; the slowest path, kept for committees the
 * others do not cover.
 */
public record ShamirBroadcast() implements Protocol {
  /** Largest preprocessing batch, in reshared products (about 1 KiB per product per member). */
  static final int MAX_BATCH = 250_000;

  @Override
  public String name() {
    return "shamir-broadcast";
  }

  @Override
  public InputFormat inputFormat() {
    return new ShamirFormat();
  }

  @Override
  public BlameVerifier verifier(Committee committee) {
    return BatchReplay.verifier(committee);
  }

  @Override
  public Optional<String> unsupported(int members) {
    return Optional.empty();
  }

  @Override
  public Optional<String> unsupported(int members, Workload workload) {
    return unsupported(members);
  }

  @Override
  public MemberComputation member(
      CommitteeMember member, ComputationRequest request, MemberInputs inputs, MemberStore store) {
    return MemberComputation.start(this, member, request, inputs, store, BroadcastPlan::of);
  }
}

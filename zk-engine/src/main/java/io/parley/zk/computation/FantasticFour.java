package io.parley.zk.computation;

import io.parley.zk.circuit.CircuitException;
import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.messages.Committee;
import io.parley.zk.rep4.Rep4BlameVerifier;
import io.parley.zk.rep4.circuit.Rep4Support;
import java.util.Optional;

/**
 * Fantastic Four (Dalskov, Escudero and Keller, USENIX Security 2021; ADR 0024): replicated sharing
 * among 4 members over Z_2^64, at most one malicious. PRG keys agreed once per committee, no
 * separate preprocessing (correlated randomness comes from the keys), the online phase as {@code
 * Rep4Session} running a {@code Rep4Program} (every transfer checked against a backup's digest),
 * inputs in {@link ReplicatedFormat} checked by {@code Rep4InputCheck}, blames checked by {@code
 * Rep4BlameVerifier}. Runs circuits whose every wire fits the ring exactly ({@code Rep4Support});
 * the fast path for 4 members.
 */
public record FantasticFour() implements Protocol {
  @Override
  public String name() {
    return "rep4";
  }

  @Override
  public InputFormat inputFormat() {
    return new ReplicatedFormat();
  }

  @Override
  public BlameVerifier verifier(Committee committee) {
    return Rep4BlameVerifier.of(committee);
  }

  @Override
  public Optional<String> unsupported(int members) {
    return members == 4 ? Optional.empty() : Optional.of("rep4 needs 4 members, not " + members);
  }

  @Override
  public Optional<String> unsupported(int members, Workload workload) {
    if (members != 4) {
      return unsupported(members);
    }
    if (workload instanceof Workload.CircuitWorkload c) {
      try {
        Rep4Support.check(c.circuit());
      } catch (CircuitException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  @Override
  public MemberComputation member(
      CommitteeMember member, ComputationRequest request, MemberInputs inputs, MemberStore store) {
    return MemberComputation.start(this, member, request, inputs, store, Rep4Plan::of);
  }
}

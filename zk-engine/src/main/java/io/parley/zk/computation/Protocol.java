package io.parley.zk.computation;

import io.parley.zk.evidence.BlameVerifier;
import io.parley.zk.messages.Committee;
import java.util.Optional;

/**
 * One way to run a committee's computations, as a value (like MP-SPDZ's share types): each names
 * its preprocessing, its online session, the program type its workloads compile to, the format in
 * which wallets deal secret inputs, and the verifier of the blames it produces. {@link
 * Protocols#select} picks one from the committee size and the workloads (docs/adr/0028).
 */
public sealed interface Protocol permits ShamirBroadcast, ShamirKing, FantasticFour {
  /** Stable name: {@code shamir-broadcast}, {@code shamir-king} or {@code rep4}. */
  String name();

  /** How wallets deal secret inputs and recipients reconstruct outputs. */
  InputFormat inputFormat();

  /** Checks the blames this protocol produces, with the committee's public keys only. */
  BlameVerifier verifier(Committee committee);

  /** Empty when this protocol runs on a committee of {@code members}; else why not. */
  Optional<String> unsupported(int members);

  /** Empty when this protocol runs the workload on a committee of {@code members}; else why not. */
  Optional<String> unsupported(int members, Workload workload);

  /**
   * One member's computation: checks the inputs against the workload and this protocol's format,
   * then plans its phases.
   *
   * @throws IllegalArgumentException when the protocol cannot run the workload on this committee,
   *     or an input is missing, misshapen or in another format
   */
  MemberComputation member(
      CommitteeMember member, ComputationRequest request, MemberInputs inputs, MemberStore store);
}

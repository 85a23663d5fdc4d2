package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.zk.computation.Protocol;
import io.parley.zk.inputs.PlainFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The reason-6 reports of a validity check's attempt on a rep4 committee (attestation.md section 6,
 * "Odd holders"; ADR 0060). The holders checked the wallet's component commitments before they kept
 * their shares, so honest holders agree, and a holder whose digests the members' check found odd
 * lied in it. t+1 reports naming the same single seat (so at least one honest member's verdict)
 * exclude that member; t+1 agreeing on anything else end the check unattributed (reason 6); until
 * one of the two, a reason-6 report holds back the generic t+1 rule until 2t+1 members reported, so
 * a lying member's own report cannot pre-empt the honest ones.
 */
final class OddHolders {
  /** What the reports of one attempt decide. */
  sealed interface Decision {}

  /** No reason-6 report, or 2t+1 reports without agreement: the generic rule applies. */
  record Generic() implements Decision {}

  /** Too early to tell: keep the report, decide at a later one. */
  record Wait() implements Decision {}

  /** t+1 reports name {@code seat} alone: that member lied in the check. */
  record Exclude(int seat) implements Decision {}

  /** t+1 reports agree on no single seat: the check fails with reason 6, not attributed. */
  record Unattributed() implements Decision {}

  private OddHolders() {}

  static Decision decide(
      List<ComputationRegistry.AbortReport> aborts, int attempt, int threshold, Protocol protocol) {
    if (!protocol.inputFormat().name().equals(PlainFormat.REPLICATED.id())) {
      return new Generic(); // Shamir: reason 6 stays unattributed (secret-inputs.md section 6)
    }
    Map<Long, Integer> groups = new HashMap<>();
    long reports = 0;
    for (ComputationRegistry.AbortReport a : aborts) {
      if (a.attempt() != attempt) {
        continue;
      }
      reports++;
      if (a.reason() == ComputationVotes.INCONSISTENT) {
        groups.merge(a.seats(), 1, Integer::sum);
      }
    }
    if (groups.isEmpty()) {
      return new Generic();
    }
    for (Map.Entry<Long, Integer> g : groups.entrySet()) {
      if (g.getValue() >= threshold + 1) {
        long seats = g.getKey();
        return Long.bitCount(seats) == 1
            ? new Exclude(Long.numberOfTrailingZeros(seats))
            : new Unattributed();
      }
    }
    return reports >= 2L * threshold + 1 ? new Generic() : new Wait();
  }

  /**
   * {@link ComputationVotes#OUT_OF_RANGE} or {@link ComputationVotes#INCONSISTENT} when t+1 reports
   * of {@code attempt} give that reason (so an honest member's engine found it), else 0
   * (attestation.md section 6).
   */
  static int inputVerdict(
      List<ComputationRegistry.AbortReport> aborts, int attempt, int threshold) {
    for (int reason : new int[] {ComputationVotes.OUT_OF_RANGE, ComputationVotes.INCONSISTENT}) {
      long n = aborts.stream().filter(x -> x.attempt() == attempt && x.reason() == reason).count();
      if (n >= threshold + 1L) {
        return reason;
      }
    }
    return 0;
  }

  /**
   * Excludes the member t+1 reports found odd in a rep4 input check (attestation.md section 6):
   * {@code MemberBlamed(computationId, seat, keccak256(RLP([computationId, attempt, seat])))}.
   */
  static Optional<Event> exclude(
      OverlayContractHost host,
      ComputationRegistry.Record record,
      int attempt,
      int seat,
      long height) {
    if (MemberConduct.excluded(MemberConduct.registry(host), seat).isPresent()) {
      return Optional.empty();
    }
    Bytes32 digest =
        Hashing.keccak256(
            RLP.encodeList(
                w -> {
                  w.writeValue(record.id());
                  w.writeLong(attempt);
                  w.writeLong(seat);
                }));
    MemberConduct.exclude(host, seat, digest, record.id(), height);
    return Optional.of(
        new Event(
            record.contract(),
            List.of(MemberConduct.BLAMED),
            RLP.encodeList(
                w -> {
                  w.writeValue(record.id());
                  w.writeLong(seat);
                  w.writeValue(digest);
                })));
  }
}

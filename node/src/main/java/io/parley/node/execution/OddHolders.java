package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.zk.computation.Protocol;
import io.parley.zk.inputs.PlainFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The reason-6 reports of a validity check's attempt (attestation.md section 6, "Odd holders" and
 * "Located holders"). On rep4 the holders checked the wallet's component commitments before they
 * kept their shares (ADR 0060), so honest holders agree, and a holder whose digests the members'
 * check found odd lied in it: t+1 reports naming the same single seat exclude that member. On
 * Shamir a member the check's decoding located either lied or was dealt an inconsistent sharing,
 * which it shows with a disclosure (form 11, decided on its own); one that did not disclose is
 * excluded once its own report agrees with the t+1 that name it, or when t+1 named it in the
 * previous attempt too, and until then the check is retried, the input kept. t+1 agreeing on
 * anything else end the check unattributed (reason 6); until one of these, a reason-6 report holds
 * back the generic t+1 rule until 2t+1 members reported, so a lying member's own report cannot
 * pre-empt the honest ones.
 */
final class OddHolders {
  /** What the reports of one attempt decide. */
  sealed interface Decision {}

  /** No reason-6 report, or 2t+1 reports without agreement: the generic rule applies. */
  record Generic() implements Decision {}

  /** Too early to tell: keep the report, decide at a later one. */
  record Wait() implements Decision {}

  /** t+1 reports name {@code seats}, each of which lied in the check (or kept silent about it). */
  record Exclude(List<Integer> seats) implements Decision {}

  /** Shamir: the located members have not settled it yet: retry the check, the input kept. */
  record Retry() implements Decision {}

  /** t+1 reports agree on no located seats: the check fails with reason 6, not attributed. */
  record Unattributed() implements Decision {}

  private OddHolders() {}

  static Decision decide(
      List<ComputationRegistry.AbortReport> aborts, int attempt, int threshold, Protocol protocol) {
    boolean rep4 = protocol.inputFormat().name().equals(PlainFormat.REPLICATED.id());
    Map<Long, Integer> groups = groups(aborts, attempt);
    long reports = aborts.stream().filter(a -> a.attempt() == attempt).count();
    if (groups.isEmpty()) {
      return new Generic();
    }
    boolean all = reports >= 2L * threshold + 1;
    for (Map.Entry<Long, Integer> g : groups.entrySet()) {
      if (g.getValue() < threshold + 1) {
        continue;
      }
      long seats = g.getKey();
      int located = Long.bitCount(seats);
      if (rep4) {
        return located == 1
            ? new Exclude(List.of(Long.numberOfTrailingZeros(seats)))
            : new Unattributed();
      }
      if (located == 0 || located > threshold) {
        return new Unattributed();
      }
      boolean named =
          attempt > 0 && groups(aborts, attempt - 1).getOrDefault(seats, 0) >= threshold + 1;
      List<Integer> list = new ArrayList<>();
      boolean settled = true;
      for (int j = 0; j < 64; j++) {
        if ((seats & (1L << j)) != 0) {
          list.add(j);
          settled &= named || agrees(aborts, attempt, j, seats & ~(1L << j));
        }
      }
      return settled ? new Exclude(list) : all ? new Retry() : new Wait();
    }
    return all ? new Generic() : new Wait();
  }

  /** The reason-6 reports of {@code attempt} by the seats they name. */
  private static Map<Long, Integer> groups(
      List<ComputationRegistry.AbortReport> aborts, int attempt) {
    Map<Long, Integer> groups = new HashMap<>();
    for (ComputationRegistry.AbortReport a : aborts) {
      if (a.attempt() == attempt && a.reason() == ComputationVotes.INCONSISTENT) {
        groups.merge(a.seats(), 1, Integer::sum);
      }
    }
    return groups;
  }

  /**
   * Seat j reported {@code attempt} with reason 6 naming exactly {@code others}: it saw the same.
   */
  private static boolean agrees(
      List<ComputationRegistry.AbortReport> aborts, int attempt, int j, long others) {
    return aborts.stream()
        .anyMatch(
            a ->
                a.attempt() == attempt
                    && a.member() == j
                    && a.reason() == ComputationVotes.INCONSISTENT
                    && a.seats() == others);
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
    Bytes32 digest =
        Hashing.keccak256(
            RLP.encodeList(
                w -> {
                  w.writeValue(record.id());
                  w.writeLong(attempt);
                  w.writeLong(seat);
                }));
    return MemberConduct.excludeOnce(host, record.contract(), seat, digest, record.id(), height);
  }
}

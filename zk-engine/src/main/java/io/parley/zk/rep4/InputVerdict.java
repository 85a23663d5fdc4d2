package io.parley.zk.rep4;

import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The verdict of the wallet-dealt input check (docs/spec/rep4.md, section 6.4), a pure function of
 * the statement copies every member forwarded: {@code copies[f][s]} is the statement of member s
 * that member f forwarded (for the deciding member, the one it holds and forwarded), null when f =
 * s. Every honest member that holds all four echoes decides on the same matrix rows of the honest
 * members, and a corrupt member can forward only the honest members' unique signed statements, so
 * all honest members reach the same verdict.
 */
final class InputVerdict {
  private static final int PARTIES = Schedule.PARTIES;

  private InputVerdict() {}

  static Outcome<Boolean> decide(Envelope[][] copies) {
    for (int s = 0; s < PARTIES; s++) {
      Envelope first = null;
      for (int f = 0; f < PARTIES; f++) {
        if (f == s) {
          continue;
        }
        if (first == null) {
          first = copies[f][s];
        } else if (!first.sameContent(copies[f][s])) {
          Blame blame = new Blame.Equivocation(s, first, copies[f][s]);
          return new Outcome.Aborted<>(new Accusation.Proven(blame));
        }
      }
    }
    Envelope[] statements = new Envelope[PARTIES];
    for (int s = 0; s < PARTIES; s++) {
      statements[s] = copies[s == 0 ? 1 : 0][s];
    }
    List<Integer> odd = oddHolders(statements);
    if (!odd.isEmpty()) {
      return new Outcome.Aborted<>(new Accusation.InconsistentInput(InputDigests.ECHO_STEP, odd));
    }
    return new Outcome.Completed<>(true, InputDigests.transcript(statements), 2);
  }

  /**
   * For each component j, the holder whose digest differs from the other two holders' equal
   * digests, or all three holders when their three digests differ; sorted, without repeats.
   */
  static List<Integer> oddHolders(Envelope[] statements) {
    TreeSet<Integer> odd = new TreeSet<>();
    for (int j = 0; j < PARTIES; j++) {
      int[] holders = new int[PARTIES - 1];
      byte[][] digests = new byte[PARTIES - 1][];
      int k = 0;
      for (int h = 0; h < PARTIES; h++) {
        if (h != j) {
          holders[k] = h;
          digests[k++] = InputDigests.digestOf(statements[h], j);
        }
      }
      boolean ab = Arrays.equals(digests[0], digests[1]);
      boolean ac = Arrays.equals(digests[0], digests[2]);
      boolean bc = Arrays.equals(digests[1], digests[2]);
      if (ab && ac) {
        continue;
      }
      if (ab) {
        odd.add(holders[2]);
      } else if (ac) {
        odd.add(holders[1]);
      } else if (bc) {
        odd.add(holders[0]);
      } else {
        odd.add(holders[0]);
        odd.add(holders[1]);
        odd.add(holders[2]);
      }
    }
    return List.copyOf(odd);
  }
}

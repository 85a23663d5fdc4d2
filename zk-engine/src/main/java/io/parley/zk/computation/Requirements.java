package io.parley.zk.computation;

import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.protocol.CountingPreprocessing;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import java.util.function.Function;

/**
 * What a program consumes, found by a dry run on zeros (consumption never depends on values), and
 * the preprocessing batch that covers it including the square pairs its random bits cost.
 */
public record Requirements(long triples, long randoms, long bits, int rounds) {

  public static Requirements of(int parties, Function<OnlineContext, Program<?>> program) {
    return of(parties, program, false);
  }

  /**
   * @param prssBounded the committee makes bounded randoms by PRSS, so they cost no random bits
   */
  public static Requirements of(
      int parties, Function<OnlineContext, Program<?>> program, boolean prssBounded) {
    CountingPreprocessing counter = new CountingPreprocessing(prssBounded);
    int rounds =
        CountingPreprocessing.dryRun(program.apply(new OnlineContext(0, parties, counter)));
    return new Requirements(counter.triples(), counter.randoms(), counter.bits(), rounds);
  }

  /** What this and {@code other} consume together, run one after the other. */
  public Requirements plus(Requirements other) {
    return new Requirements(
        triples + other.triples, randoms + other.randoms, bits + other.bits, rounds + other.rounds);
  }

  /**
   * Batches of at most {@code maxTriples} reshared products (triples and square pairs) that
   * together cover the program and its random bits (bounded memory per batch: about 1 KiB per
   * triple per member).
   */
  public java.util.List<BatchPlan> plans(int parties, int maxTriples) {
    long totalTriples = Math.max(1, triples);
    long totalSquares = bits;
    long totalRandoms = randoms;
    int count = (int) ((totalTriples + totalSquares + maxTriples - 1) / maxTriples);
    java.util.List<BatchPlan> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t = totalTriples * (i + 1) / count - totalTriples * i / count;
      long s = totalSquares * (i + 1) / count - totalSquares * i / count;
      long r = totalRandoms * (i + 1) / count - totalRandoms * i / count;
      out.add(new BatchPlan(parties, (int) Math.max(1, t), (int) r, (int) s));
    }
    return out;
  }

  /** One batch covering the program and the generation of its random bits. */
  public BatchPlan plan(int parties) {
    long t = Math.max(1, triples);
    if (t > Integer.MAX_VALUE || randoms > Integer.MAX_VALUE || bits > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("program too large for one batch");
    }
    return new BatchPlan(parties, (int) t, (int) randoms, (int) bits);
  }
}

package io.parley.zk.engine;

import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.protocol.CountingPreprocessing;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import java.util.function.Function;

/**
 * What a program consumes, found by a dry run on zeros (consumption never depends on values), and
 * the preprocessing batch that covers it including the triples and randoms that random bits cost.
 */
public record Requirements(long triples, long randoms, long bits, int rounds) {

  public static Requirements of(int parties, Function<OnlineContext, Program<?>> program) {
    CountingPreprocessing counter = new CountingPreprocessing();
    int rounds =
        CountingPreprocessing.dryRun(program.apply(new OnlineContext(0, parties, counter)));
    return new Requirements(counter.triples(), counter.randoms(), counter.bits(), rounds);
  }

  /**
   * Batches of at most {@code maxTriples} triples that together cover the program and its random
   * bits (bounded memory per batch: about 1 KiB per triple per member).
   */
  public java.util.List<BatchPlan> plans(int parties, int maxTriples) {
    long totalTriples = Math.max(1, triples + bits);
    long totalRandoms = randoms + bits;
    int count = (int) ((totalTriples + maxTriples - 1) / maxTriples);
    java.util.List<BatchPlan> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t = totalTriples * (i + 1) / count - totalTriples * i / count;
      long r = totalRandoms * (i + 1) / count - totalRandoms * i / count;
      out.add(new BatchPlan(parties, (int) Math.max(1, t), (int) r));
    }
    return out;
  }

  /** One batch covering the program and the generation of its random bits. */
  public BatchPlan plan(int parties) {
    long t = Math.max(1, triples + bits);
    long r = randoms + bits;
    if (t > Integer.MAX_VALUE || r > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("program too large for one batch");
    }
    return new BatchPlan(parties, (int) t, (int) r);
  }
}

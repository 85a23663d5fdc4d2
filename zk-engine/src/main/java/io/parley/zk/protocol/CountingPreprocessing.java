package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.util.Arrays;

/**
 * Counts what a program consumes by running it on zeros: the consumption of every program in this
 * engine depends on the circuit only, never on values, so the count sizes the real batches.
 */
public final class CountingPreprocessing implements Preprocessing {
  private long triples;
  private long randoms;
  private long bits;
  private long squares;
  private long bounded;
  private final boolean boundedWithoutBits;

  /** Counts bounded randoms as the random bits they are made of. */
  public CountingPreprocessing() {
    this(false);
  }

  /**
   * @param boundedWithoutBits count bounded randoms on their own (a PRSS committee makes them
   *     without bits) rather than as bits
   */
  public CountingPreprocessing(boolean boundedWithoutBits) {
    this.boundedWithoutBits = boundedWithoutBits;
  }

  @Override
  public FieldElement[] boundedRandoms(int count, int width) {
    if (!boundedWithoutBits) {
      return Preprocessing.super.boundedRandoms(count, width);
    }
    bounded += count;
    return zeros(count);
  }

  public long bounded() {
    return bounded;
  }

  @Override
  public Triples triples(int count) {
    triples += count;
    return new Triples(zeros(count), zeros(count), zeros(count));
  }

  @Override
  public FieldElement[] randoms(int count) {
    randoms += count;
    return zeros(count);
  }

  @Override
  public Squares squares(int count) {
    squares += count;
    return new Squares(zeros(count), zeros(count));
  }

  @Override
  public FieldElement[] bits(int count) {
    bits += count;
    return zeros(count);
  }

  private static FieldElement[] zeros(int count) {
    FieldElement[] out = new FieldElement[count];
    Arrays.fill(out, FieldElement.ZERO);
    return out;
  }

  public long triples() {
    return triples;
  }

  public long randoms() {
    return randoms;
  }

  public long bits() {
    return bits;
  }

  public long squares() {
    return squares;
  }

  /** Runs a program to completion opening every value as zero; returns the number of rounds. */
  public static int dryRun(Program<?> program) {
    int rounds = 0;
    Program<?> current = program;
    while (current instanceof Program.Open<?> open) {
      FieldElement[] zeros = zeros(open.shares().length);
      current = open.next().apply(zeros);
      rounds++;
    }
    return rounds;
  }
}

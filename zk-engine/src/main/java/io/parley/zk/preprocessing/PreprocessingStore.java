package io.parley.zk.preprocessing;

import io.parley.zk.field.FieldElement;
import io.parley.zk.protocol.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * One member's stock of checked preprocessing, consumed in order. Running out is a planning bug
 * (the planner sizes batches from a dry run of the program), so it fails fast.
 */
public final class PreprocessingStore implements Preprocessing {
  private final Stock a = new Stock();
  private final Stock b = new Stock();
  private final Stock c = new Stock();
  private final Stock randoms = new Stock();
  private final Stock bits = new Stock();
  private final Stock roots = new Stock();
  private final Stock squares = new Stock();

  public void add(BatchOutput batch) {
    a.add(batch.a());
    b.add(batch.b());
    c.add(batch.c());
    randoms.add(batch.randoms());
    roots.add(batch.roots());
    squares.add(batch.squares());
  }

  private io.parley.zk.prss.Prss bounded;
  private long boundedStream;

  /**
   * Bounded randoms from now on come from PRSS with these (computation-specific) keys, one stream
   * per request in the order the program asks, instead of from random bits.
   */
  public void useBoundedFrom(io.parley.zk.prss.Prss prss) {
    this.bounded = prss;
    this.boundedStream = 0;
  }

  @Override
  public FieldElement[] boundedRandoms(int count, int width) {
    if (bounded == null) {
      return Preprocessing.super.boundedRandoms(count, width);
    }
    return bounded.boundedRandom(boundedStream++, count, width);
  }

  public void addBits(FieldElement[] newBits) {
    bits.add(newBits);
  }

  @Override
  public Triples triples(int count) {
    return new Triples(
        a.take(count, "triples"), b.take(count, "triples"), c.take(count, "triples"));
  }

  @Override
  public FieldElement[] randoms(int count) {
    return randoms.take(count, "randoms");
  }

  @Override
  public Squares squares(int count) {
    return new Squares(roots.take(count, "square pairs"), squares.take(count, "square pairs"));
  }

  @Override
  public FieldElement[] bits(int count) {
    return bits.take(count, "bits");
  }

  private static final class Stock {
    private final List<FieldElement[]> chunks = new ArrayList<>();
    private int chunk;
    private int offset;
    private int available;

    void add(FieldElement[] values) {
      if (values.length > 0) {
        chunks.add(values);
        available += values.length;
      }
    }

    FieldElement[] take(int count, String what) {
      if (count > available) {
        throw new IllegalStateException(
            "preprocessing exhausted: need " + count + " " + what + ", have " + available);
      }
      FieldElement[] out = new FieldElement[count];
      int filled = 0;
      while (filled < count) {
        FieldElement[] current = chunks.get(chunk);
        int n = Math.min(count - filled, current.length - offset);
        System.arraycopy(current, offset, out, filled, n);
        filled += n;
        offset += n;
        if (offset == current.length) {
          chunks.set(chunk, null);
          chunk++;
          offset = 0;
        }
      }
      available -= count;
      return out;
    }
  }
}

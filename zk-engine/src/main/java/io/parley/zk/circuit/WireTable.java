package io.parley.zk.circuit;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The validator's per-wire interval, visibility and depth, in primitive arrays that grow by
 * doubling and take a vector gate's lanes with one fill: validating a document of a million-lane
 * gate costs milliseconds, not an object per wire.
 */
final class WireTable {
  private Interval[] intervals = new Interval[1024];
  private boolean[] secret = new boolean[1024];
  private int[] depth = new int[1024];
  private int size;

  int size() {
    return size;
  }

  /** Appends {@code count} wires with the same interval, visibility and depth. */
  void add(Interval interval, boolean isSecret, int d, int count) {
    int end = size + count;
    if (end > intervals.length) {
      int capacity = Math.max(end, intervals.length * 2);
      intervals = Arrays.copyOf(intervals, capacity);
      secret = Arrays.copyOf(secret, capacity);
      depth = Arrays.copyOf(depth, capacity);
    }
    Arrays.fill(intervals, size, end, interval);
    Arrays.fill(secret, size, end, isSecret);
    Arrays.fill(depth, size, end, d);
    size = end;
  }

  Interval interval(int wire) {
    return intervals[wire];
  }

  boolean secret(int wire) {
    return secret[wire];
  }

  int depth(int wire) {
    return depth[wire];
  }

  /** A read-only view of the intervals so far, for {@link GateRules}. */
  List<Interval> intervalList() {
    return new AbstractList<>() {
      @Override
      public Interval get(int i) {
        if (i >= size) {
          throw new IndexOutOfBoundsException(i);
        }
        return intervals[i];
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /** A read-only view of the visibilities so far, for {@link GateRules}. */
  List<Boolean> secretList() {
    return new AbstractList<>() {
      @Override
      public Boolean get(int i) {
        if (i >= size) {
          throw new IndexOutOfBoundsException(i);
        }
        return secret[i];
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  Interval[] intervals() {
    return Arrays.copyOf(intervals, size);
  }

  boolean[] secrets() {
    return Arrays.copyOf(secret, size);
  }

  int[] depths() {
    return Arrays.copyOf(depth, size);
  }
}

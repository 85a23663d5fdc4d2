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

  /**
   * Wires numbered after the table's that stand for a list operand's hull while one gate is
   * validated (circuit-ir.md section 10.2); never added to the table.
   */
  final class Extra {
    private final List<Interval> intervals = new java.util.ArrayList<>();
    private final List<Boolean> secrets = new java.util.ArrayList<>();
    private final List<Integer> depths = new java.util.ArrayList<>();

    /** A wire with these properties; returns its id. */
    int add(Interval interval, boolean isSecret, int d) {
      intervals.add(interval);
      secrets.add(isSecret);
      depths.add(d);
      return size + intervals.size() - 1;
    }

    Interval interval(int wire) {
      return wire < size ? WireTable.this.intervals[wire] : intervals.get(wire - size);
    }

    boolean secret(int wire) {
      return wire < size ? WireTable.this.secret[wire] : secrets.get(wire - size);
    }

    int depth(int wire) {
      return wire < size ? WireTable.this.depth[wire] : depths.get(wire - size);
    }

    int count() {
      return intervals.size();
    }
  }

  /** A new, empty set of extra wires (it stays empty for a gate without list operands). */
  Extra extra() {
    return new Extra();
  }

  /** A read-only view of the intervals so far (and the extra wires), for {@link GateRules}. */
  List<Interval> intervalList(Extra extra) {
    return new AbstractList<>() {
      @Override
      public Interval get(int i) {
        if (i >= size()) {
          throw new IndexOutOfBoundsException(i);
        }
        return extra.interval(i);
      }

      @Override
      public int size() {
        return size + extra.count();
      }
    };
  }

  /** A read-only view of the visibilities so far (and the extra wires), for {@link GateRules}. */
  List<Boolean> secretList(Extra extra) {
    return new AbstractList<>() {
      @Override
      public Boolean get(int i) {
        if (i >= size()) {
          throw new IndexOutOfBoundsException(i);
        }
        return extra.secret(i);
      }

      @Override
      public int size() {
        return size + extra.count();
      }
    };
  }

  List<Interval> intervalList() {
    return intervalList(extra());
  }

  List<Boolean> secretList() {
    return secretList(extra());
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

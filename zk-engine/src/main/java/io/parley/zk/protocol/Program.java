package io.parley.zk.protocol;

import io.parley.zk.field.FieldElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A multi-round computation on one party's shares, as a pure value: either finished, or asking to
 * open a batch of degree-t sharings and continuing with the opened values. Every online interaction
 * of the engine is such an opening (Beaver multiplication, masked openings in comparisons), so a
 * driver needs to know only how to open. {@link #all} runs programs side by side and merges their
 * openings into one round, which is how a circuit layer costs one round per round of its deepest
 * gate rather than one per gate.
 */
public sealed interface Program<T> {

  record Done<T>(T value) implements Program<T> {}

  record Open<T>(FieldElement[] shares, Function<FieldElement[], Program<T>> next)
      implements Program<T> {}

  static <T> Program<T> done(T value) {
    return new Done<>(value);
  }

  static Program<FieldElement[]> open(FieldElement[] shares) {
    return new Open<>(shares, Done::new);
  }

  /** Sequential composition: runs this, then the program f builds from its result. */
  default <U> Program<U> then(Function<T, Program<U>> f) {
    return switch (this) {
      case Done<T> d -> f.apply(d.value());
      case Open<T> o -> new Open<>(o.shares(), opened -> o.next().apply(opened).then(f));
    };
  }

  default <U> Program<U> map(Function<T, U> f) {
    return then(value -> done(f.apply(value)));
  }

  /** Runs the programs in lockstep, one merged opening per round; results in input order. */
  static <T> Program<List<T>> all(List<Program<T>> programs) {
    int total = 0;
    boolean finished = true;
    for (Program<T> p : programs) {
      if (p instanceof Open<T> o) {
        total += o.shares().length;
        finished = false;
      }
    }
    if (finished) {
      List<T> values = new ArrayList<>(programs.size());
      for (Program<T> p : programs) {
        values.add(((Done<T>) p).value());
      }
      return done(values);
    }
    FieldElement[] merged = new FieldElement[total];
    int offset = 0;
    for (Program<T> p : programs) {
      if (p instanceof Open<T> o) {
        System.arraycopy(o.shares(), 0, merged, offset, o.shares().length);
        offset += o.shares().length;
      }
    }
    return new Open<>(
        merged,
        opened -> {
          List<Program<T>> next = new ArrayList<>(programs.size());
          int at = 0;
          for (Program<T> p : programs) {
            if (p instanceof Open<T> o) {
              int length = o.shares().length;
              next.add(o.next().apply(Arrays.copyOfRange(opened, at, at + length)));
              at += length;
            } else {
              next.add(p);
            }
          }
          return all(next);
        });
  }
}

package io.parley.zk.rep4;

import java.util.function.Function;

/**
 * A party's program as a value: either done, or one exchange request and what to do with its
 * result. Local operations run inside the continuations; every request is one round (an input in
 * malicious mode takes two: send, then echo). The same program runs at all four parties.
 */
public abstract sealed class Rep4Program<T> permits Rep4Program.Done, Rep4Program.Ask {

  /** What a round computes. */
  public sealed interface Request permits Multiply, Input, Open, Keys {}

  /** x * y over Z_2^64, or x AND y on bit-sliced words when {@code binary}. Result: Shares. */
  public record Multiply(boolean binary, Shares x, Shares y) implements Request {
    public Multiply {
      if (x.length() != y.length()) {
        throw new IllegalArgumentException("operands of different lengths");
      }
    }
  }

  /**
   * Inputs of {@code counts[o]} values by each owner o; {@code mine} holds this party's (empty when
   * it owns none). Result: Shares of the concatenation in owner order.
   */
  public record Input(int[] counts, long[] mine, boolean binary) implements Request {}

  /** Opening to every party (XOR of the components when {@code binary}). Result: long[]. */
  public record Open(Shares x, boolean binary) implements Request {}

  /** PRG key setup; {@code contributions[m]} is this party's 32 random bytes for key m. */
  public record Keys(byte[][] contributions) implements Request {}

  public static final class Done<T> extends Rep4Program<T> {
    private final T value;

    Done(T value) {
      this.value = value;
    }

    public T value() {
      return value;
    }
  }

  public static final class Ask<T> extends Rep4Program<T> {
    private final Request request;
    private final Function<Object, Rep4Program<T>> next;

    Ask(Request request, Function<Object, Rep4Program<T>> next) {
      this.request = request;
      this.next = next;
    }

    public Request request() {
      return request;
    }

    public Rep4Program<T> resume(Object result) {
      return next.apply(result);
    }
  }

  public static <T> Rep4Program<T> done(T value) {
    return new Done<>(value);
  }

  public static Rep4Program<Shares> multiply(Shares x, Shares y) {
    return new Ask<>(new Multiply(false, x, y), r -> done((Shares) r));
  }

  public static Rep4Program<Shares> and(Shares x, Shares y) {
    return new Ask<>(new Multiply(true, x, y), r -> done((Shares) r));
  }

  public static Rep4Program<Shares> input(int[] counts, long[] mine) {
    return new Ask<>(new Input(counts.clone(), mine.clone(), false), r -> done((Shares) r));
  }

  /** As {@link #input} for binary sharings (components XOR to the value). */
  public static Rep4Program<Shares> inputBinary(int[] counts, long[] mine) {
    return new Ask<>(new Input(counts.clone(), mine.clone(), true), r -> done((Shares) r));
  }

  public static Rep4Program<long[]> open(Shares x) {
    return new Ask<>(new Open(x, false), r -> done((long[]) r));
  }

  public static Rep4Program<long[]> openBinary(Shares x) {
    return new Ask<>(new Open(x, true), r -> done((long[]) r));
  }

  public static Rep4Program<Rep4Keys> setupKeys(byte[][] contributions) {
    return new Ask<>(new Keys(contributions), r -> done((Rep4Keys) r));
  }

  public final <U> Rep4Program<U> then(Function<T, Rep4Program<U>> f) {
    if (this instanceof Done<T> d) {
      return f.apply(d.value);
    }
    Ask<T> a = (Ask<T>) this;
    return new Ask<>(a.request, r -> a.next.apply(r).then(f));
  }

  public final <U> Rep4Program<U> map(Function<T, U> f) {
    return then(v -> done(f.apply(v)));
  }
}

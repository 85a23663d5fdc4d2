package io.parley.zk.computation;

import io.parley.zk.circuit.Circuit;
import io.parley.zk.circuit.ValidatedCircuit;
import java.util.ArrayList;
import java.util.List;

/**
 * What a computation evaluates: a validated {@code parley-circuit} document (what contracts and the
 * chain run), or a {@link Kernel}, a vector workload of one operation for benchmarks, larger than a
 * circuit may be.
 */
public sealed interface Workload {
  /** The secret inputs the members hold shares of, with their lengths, in order. */
  List<Slot> secretInputs();

  /**
   * The inputs the committee holds shares of before the computation starts, with their lengths, in
   * order: secret state (absent state starts at zero) and collections of secret inputs (checked
   * when each arrived; absent elements are zero).
   */
  List<Slot> stateInputs();

  /** A named input and its number of values. */
  record Slot(String name, int length) {}

  /** A circuit, as the contracts compile them. */
  record CircuitWorkload(ValidatedCircuit circuit) implements Workload {
    @Override
    public List<Slot> secretInputs() {
      return slots(Circuit.InputKind.SECRET);
    }

    @Override
    public List<Slot> stateInputs() {
      return slots(Circuit.InputKind.STATE, Circuit.InputKind.COLLECTION);
    }

    private List<Slot> slots(Circuit.InputKind... kinds) {
      List<Slot> out = new ArrayList<>();
      for (Circuit.Input in : circuit.circuit().inputs()) {
        if (java.util.Arrays.asList(kinds).contains(in.kind())) {
          out.add(new Slot(in.name(), in.type().length()));
        }
      }
      return out;
    }
  }

  /**
   * {@code count} multiplications z_i = x_i * y_i, or {@code count} comparisons z_i = (x_i < y_i)
   * of 32-bit signed values, on the secret inputs {@code x} and {@code y} (each {@code count}
   * values); the result {@code z} stays secret (a state output). The workload of {@code parley mpc
   * bench}.
   */
  record Kernel(Operation operation, int count) implements Workload {
    /** Largest kernel: the largest vector one rep4 round moves. */
    public static final int MAX_COUNT = 1 << 22;

    public enum Operation {
      MULTIPLY,
      LESS_THAN_32
    }

    public Kernel {
      if (count < 1 || count > MAX_COUNT) {
        throw new IllegalArgumentException(
            "a kernel has 1.." + MAX_COUNT + " operations, got " + count);
      }
    }

    @Override
    public List<Slot> secretInputs() {
      return List.of(new Slot("x", count), new Slot("y", count));
    }

    @Override
    public List<Slot> stateInputs() {
      return List.of();
    }
  }
}

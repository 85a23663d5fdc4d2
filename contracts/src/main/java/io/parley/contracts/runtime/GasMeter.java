package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;
import java.util.function.LongSupplier;

/**
 * Counts gas for every interpreted instruction and host call; throws when the limit is passed (ADR
 * 0045). {@code memory.grow} is charged per 64 KiB page asked for, {@code memory.copy}, {@code
 * memory.fill} and {@code memory.init} per 32 bytes. A call with a deadline (views and estimates
 * only, never a transaction in a block) also reads the clock every {@link #DEADLINE_INTERVAL}
 * instructions and stops once it has passed.
 */
final class GasMeter implements ExecutionListener {
  /** Instructions between two readings of the clock when the call has a deadline. */
  static final int DEADLINE_INTERVAL = 16_384;

  private final long limit;
  private final GasSchedule gas;
  private final Deadline deadline;
  private long used;
  private long instructions;

  GasMeter(long limit, GasSchedule gas, Deadline deadline) {
    this.limit = limit;
    this.gas = gas;
    this.deadline = deadline;
  }

  GasMeter(long limit, GasSchedule gas) {
    this(limit, gas, Deadline.NONE);
  }

  /** When a call must stop, on a clock of nanoseconds; {@link #NONE} for block execution. */
  record Deadline(long nanos, LongSupplier clock) {
    static final Deadline NONE = new Deadline(0, null);

    boolean passed() {
      return clock != null && clock.getAsLong() - nanos > 0;
    }
  }

  @Override
  public void onExecution(Instruction instruction, MStack stack) {
    instructions++;
    switch (instruction.opcode()) {
      case MEMORY_GROW -> charge(gas.instruction(), gas.memoryPage(), unsigned(stack.peek()));
      case MEMORY_COPY, MEMORY_FILL, MEMORY_INIT ->
          charge(gas.instruction(), gas.memoryPerWord(), (unsigned(stack.peek()) + 31) / 32);
      case CALL -> charge(gas.instruction() + gas.call());
      default -> charge(gas.instruction());
    }
    if ((instructions & (DEADLINE_INTERVAL - 1)) == 0 && deadline.passed()) {
      throw new ContractFailure(ContractRuntime.DEADLINE_PASSED);
    }
  }

  private static long unsigned(long i32) {
    return i32 & 0xFFFF_FFFFL;
  }

  /** {@code base + price * units}, out of gas on overflow as on passing the limit. */
  void charge(long base, long price, long units) {
    long variable = price * units;
    if (units != 0 && variable / units != price) {
      charge(Long.MAX_VALUE);
    }
    charge(base);
    charge(variable);
  }

  void charge(long gas) {
    used += gas;
    if (used > limit || used < 0) {
      used = limit;
      throw new ContractFailure("out of gas");
    }
  }

  long used() {
    return used;
  }

  long instructions() {
    return instructions;
  }
}

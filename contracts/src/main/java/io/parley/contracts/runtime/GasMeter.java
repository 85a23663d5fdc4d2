package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;

/** Counts gas for every interpreted instruction and host call; throws when the limit is passed. */
final class GasMeter implements ExecutionListener {
  private final long limit;
  private final long perInstruction;
  private long used;
  private long instructions;

  GasMeter(long limit, long perInstruction) {
    this.limit = limit;
    this.perInstruction = perInstruction;
  }

  @Override
  public void onExecution(Instruction instruction, MStack stack) {
    instructions++;
    charge(perInstruction);
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

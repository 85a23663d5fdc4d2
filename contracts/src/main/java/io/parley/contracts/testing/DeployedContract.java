package io.parley.contracts.testing;

import io.parley.base.block.Event;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.check.Type;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.LoadedContract;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/** A contract deployed on a {@link ContractTestKit}: call actions, query views, read events. */
public final class DeployedContract {
  private final ContractTestKit kit;
  private final LoadedContract loaded;
  private final Address address;
  private final CallResult deployment;
  private final ConfidentialCalls confidential;

  DeployedContract(
      ContractTestKit kit, LoadedContract loaded, Address address, CallResult deployment) {
    this.kit = kit;
    this.loaded = loaded;
    this.address = address;
    this.deployment = deployment;
    this.confidential = new ConfidentialCalls(loaded.abi(), loaded.bundle().circuits(), address);
  }

  public Address address() {
    return address;
  }

  public Abi abi() {
    return loaded.abi();
  }

  public CallResult deployment() {
    return deployment;
  }

  /** Calls an action; the result tells success, gas, events and the failure reason. */
  public CallResult call(Address from, String action, Object... args) {
    return callWithValue(from, BigInteger.ZERO, action, args);
  }

  /** Calls an action sending {@code value} base units, moved to the contract first. */
  public CallResult callWithValue(Address from, BigInteger value, String action, Object... args) {
    Abi.FunctionDef def =
        loaded
            .abi()
            .action(action)
            .orElseThrow(() -> new IllegalArgumentException("no action named '" + action + "'"));
    Bytes encoded = encode(def, args);
    UInt256 amount = UInt256.valueOf(value);
    if (!amount.isZero()) {
      kit.host().transfer(from, address, amount);
    }
    CallResult result =
        kit.runtime()
            .call(loaded, kit.host(), kit.context(from, address, amount, false), action, encoded);
    if (!result.success() && !amount.isZero()) {
      kit.host().transfer(address, from, amount);
    }
    return result;
  }

  /** Queries a view and returns its value; a failing view is an {@link AssertionError}. */
  public Object query(String view, Object... args) {
    CallResult result = queryResult(view, args);
    if (!result.success()) {
      throw new AssertionError("view " + view + " failed: " + result.failureReason().orElseThrow());
    }
    return result.returnValue().orElseThrow();
  }

  public CallResult queryResult(String view, Object... args) {
    Abi.FunctionDef def =
        loaded
            .abi()
            .view(view)
            .orElseThrow(() -> new IllegalArgumentException("no view named '" + view + "'"));
    return kit.runtime()
        .call(
            loaded,
            kit.host(),
            kit.context(Address.ZERO, address, UInt256.ZERO, true),
            view,
            encode(def, args));
  }

  private Bytes encode(Abi.FunctionDef def, Object[] args) {
    List<Type> types = def.inputs().stream().map(p -> loaded.types().parse(p.type())).toList();
    List<String> names = def.inputs().stream().map(Abi.Param::name).toList();
    return ContractTestKit.encode(types, names, Arrays.asList(args));
  }

  /**
   * The result of a confidential function: every output by name (a {@link BigInteger}, bool as 0/1,
   * or a list for arrays; outputs for an address are shown as their recipient decodes them), the
   * account each address output was delivered to, the committee's protocol ({@code rep4}, {@code
   * shamir-king}, {@code shamir-broadcast}, or {@code plaintext}) and what it spent in all phases
   * (0 in plaintext mode).
   */
  public record Computation(
      java.util.Map<String, Object> outputs,
      java.util.Map<String, Address> deliveredTo,
      String protocol,
      int rounds,
      long messages,
      long bytes) {}

  /**
   * Runs a confidential function on the kit's committee (by default 4 in-process members of the
   * real engine, {@link ContractTestKit#usePlaintext()} for the plaintext evaluator): secret
   * arguments are dealt as a wallet would deal them, public and recipient ({@code address})
   * arguments are passed in the clear, secret state stays with the committee between runs.
   *
   * @throws io.parley.zk.local.LocalCommittee.AbortException if the committee aborts
   */
  public Computation run(String function, java.util.Map<String, Object> arguments) {
    return confidential.run(kit, function, arguments);
  }

  /** {@link #run}'s outputs by name. */
  public java.util.Map<String, Object> compute(
      String function, java.util.Map<String, Object> arguments) {
    return run(function, arguments).outputs();
  }

  /** Secret state held by the committee, decoded (for assertions in tests). */
  public java.util.Map<String, Object> secretState() {
    return confidential.secretState(kit);
  }

  /** Event names of a result's events, in order. */
  public List<String> eventNames(CallResult result) {
    List<String> names = new ArrayList<>();
    for (Event e : result.events()) {
      names.add(
          loaded.abi().events().stream()
              .filter(d -> d.topic().equals(e.topics().get(0).toHexString()))
              .map(Abi.EventDef::name)
              .findFirst()
              .orElse("?"));
    }
    return names;
  }
}

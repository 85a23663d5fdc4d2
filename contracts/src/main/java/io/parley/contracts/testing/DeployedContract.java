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
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/** A contract deployed on a {@link ContractTestKit}: call actions, query views, read events. */
public final class DeployedContract {
  private final ContractTestKit kit;
  private final LoadedContract loaded;
  private final Address address;
  private final CallResult deployment;
  private final ConfidentialCalls confidential;
  private final SecretInputs inputs;
  private final List<Started> started = new ArrayList<>();

  DeployedContract(
      ContractTestKit kit, LoadedContract loaded, Address address, CallResult deployment) {
    this.kit = kit;
    this.loaded = loaded;
    this.address = address;
    this.deployment = deployment;
    this.confidential = new ConfidentialCalls(loaded.abi(), loaded.bundle().circuits(), address);
    this.inputs = new SecretInputs(address);
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
    if (result.success()) {
      runStarted(result);
    }
    return result;
  }

  // ---- parley-lang/2: many parties ----

  /**
   * What became of a secret input: accepted at {@code index} of its collection with its id and
   * commitment (public), or rejected with the reason ({@code on input}'s message, or {@code
   * "invalid"} when the committee's check of the {@code where} predicate failed).
   */
  public record InputReceipt(
      boolean accepted,
      java.util.Optional<String> reason,
      int index,
      org.apache.tuweni.bytes.Bytes32 id,
      org.apache.tuweni.bytes.Bytes32 commitment) {}

  /**
   * A computation started by {@code start f(...)}: its function, the committee's result (empty if
   * it aborted), the abort reason (0 when it did not abort: 1 proven blame, 2 no result) and the
   * callback's result ({@code on result} or {@code on abort}; empty if the contract declares none).
   */
  public record Started(
      String function,
      java.util.Optional<Computation> computation,
      int abortReason,
      java.util.Optional<CallResult> callback) {}

  /**
   * Submits a secret input to a collection from {@code from}, as a secret-input transaction would:
   * the contract's {@code on input} rules run first (public code), then the value is dealt to the
   * committee, which checks the {@code where} predicate on the shares. {@code value} is a number or
   * bool for a collection of single values, or a map of field name to value for records.
   */
  public InputReceipt submit(Address from, String collection, Object value) {
    return submitAt(from, collection, -1, value);
  }

  /** Replaces {@code from}'s input at {@code index} (collections without {@code one per owner}). */
  public InputReceipt replace(Address from, String collection, int index, Object value) {
    return submitAt(from, collection, index, value);
  }

  private InputReceipt submitAt(Address from, String collection, int index, Object value) {
    Abi.CollectionDef c = collectionDef(collection);
    Map<String, BigInteger> values = fieldValues(c, value);
    CallResult hook =
        system(
            from,
            io.parley.contracts.lang.ManyParties.INPUT + collection,
            BigInteger.valueOf(index + 1L));
    if (!hook.success()) {
      return new InputReceipt(
          false,
          hook.failureReason(),
          -1,
          org.apache.tuweni.bytes.Bytes32.ZERO,
          org.apache.tuweni.bytes.Bytes32.ZERO);
    }
    int at = ((BigInteger) hook.returnValue().orElseThrow()).intValueExact();
    org.apache.tuweni.bytes.Bytes32 id = inputs.nextId(collection, from);
    java.util.Optional<Map<String, io.parley.zk.local.LocalCommittee.SharedValues>> dealt;
    org.apache.tuweni.bytes.Bytes32 commitment;
    if (kit.committee().isPresent()) {
      dealt = confidential.dealAndCheck(kit.committee().get(), c, id, values);
      commitment = dealt.map(d -> SecretInputs.commitment(id, d)).orElse(id);
    } else {
      dealt =
          confidential.validInPlaintext(c, values)
              ? java.util.Optional.of(Map.of())
              : java.util.Optional.empty();
      commitment = SecretInputs.commitment(id, List.copyOf(values.values()));
    }
    if (dealt.isEmpty()) {
      CallResult reject =
          system(
              Address.ZERO,
              io.parley.contracts.lang.ManyParties.REJECT + collection,
              BigInteger.valueOf(at));
      if (!reject.success()) {
        throw new AssertionError("reject failed: " + reject.failureReason().orElseThrow());
      }
      inputs.remove(collection, at);
      return new InputReceipt(false, java.util.Optional.of("invalid"), at, id, id);
    }
    inputs.put(collection, at, new SecretInputs.Element(from, id, commitment, dealt.get(), values));
    return new InputReceipt(true, java.util.Optional.empty(), at, id, commitment);
  }

  /**
   * Withdraws {@code from}'s input from a collection ({@code index} -1 for a {@code one per owner}
   * collection); the {@code on input} rules must still accept the sender.
   */
  public CallResult withdraw(Address from, String collection, int index) {
    collectionDef(collection);
    CallResult result =
        system(
            from,
            io.parley.contracts.lang.ManyParties.WITHDRAW + collection,
            BigInteger.valueOf(index + 1L));
    if (result.success()) {
      inputs.remove(collection, ((BigInteger) result.returnValue().orElseThrow()).intValueExact());
    }
    return result;
  }

  /** The public facts of a collection's stored inputs, by index: owner, id and commitment. */
  public Map<Integer, InputReceipt> inputs(String collection) {
    collectionDef(collection);
    Map<Integer, InputReceipt> out = new java.util.TreeMap<>();
    inputs
        .of(collection)
        .forEach(
            (i, e) ->
                out.put(
                    i,
                    new InputReceipt(true, java.util.Optional.empty(), i, e.id(), e.commitment())));
    return out;
  }

  /** Every computation started so far, in order. */
  public List<Started> started() {
    return List.copyOf(started);
  }

  /** The last computation started; an {@link AssertionError} if none was. */
  public Started lastStarted() {
    if (started.isEmpty()) {
      throw new AssertionError("no computation was started");
    }
    return started.get(started.size() - 1);
  }

  private Abi.CollectionDef collectionDef(String collection) {
    return loaded
        .abi()
        .collection(collection)
        .orElseThrow(
            () -> new IllegalArgumentException("no collection named '" + collection + "'"));
  }

  private static Map<String, BigInteger> fieldValues(Abi.CollectionDef c, Object value) {
    Map<String, Object> given;
    boolean single = c.fields().size() == 1 && c.fields().get(0).name().equals("value");
    if (single && !(value instanceof Map<?, ?>)) {
      given = Map.of("value", value);
    } else if (value instanceof Map<?, ?> m) {
      given = new java.util.HashMap<>();
      m.forEach((k, v) -> given.put(String.valueOf(k), v));
    } else {
      throw new IllegalArgumentException(
          "collection '" + c.name() + "' takes a map of its fields " + c.fields());
    }
    Map<String, BigInteger> out = new java.util.LinkedHashMap<>();
    for (Abi.Param f : c.fields()) {
      Object v = given.get(f.name());
      if (v == null) {
        throw new IllegalArgumentException(
            "missing field '" + f.name() + "' of '" + c.name() + "'");
      }
      BigInteger n =
          v instanceof Boolean b
              ? (b ? BigInteger.ONE : BigInteger.ZERO)
              : PlainCircuitEvaluator.integer(f.name(), v);
      BigInteger[] range = PlainCircuitEvaluator.range(f.type());
      if (n.compareTo(range[0]) < 0 || n.compareTo(range[1]) > 0) {
        throw new IllegalArgumentException("'" + f.name() + "' = " + n + " is outside " + f.type());
      }
      out.put(f.name(), n);
    }
    if (given.size() != out.size()) {
      throw new IllegalArgumentException("collection '" + c.name() + "' has fields " + c.fields());
    }
    return out;
  }

  /** Runs a chain-only action ({@code __} names) as the chain would. */
  private CallResult system(Address from, String action, Object... args) {
    Abi.FunctionDef def = loaded.abi().action(action).orElseThrow();
    CallResult result =
        kit.runtime()
            .callSystem(
                loaded,
                kit.host(),
                kit.context(from, address, UInt256.ZERO, false),
                action,
                encode(def, args));
    if (result.success()) {
      runStarted(result);
    }
    return result;
  }

  /** Runs the computations a successful call started, then their callbacks, in order. */
  private void runStarted(CallResult result) {
    for (Event e : result.events()) {
      String topic = e.topics().get(0).toHexString();
      java.util.Optional<Abi.EventDef> def =
          loaded.abi().events().stream()
              .filter(d -> d.topic().equals(topic) && d.name().startsWith("start__"))
              .findFirst();
      if (def.isPresent()) {
        runOne(def.get(), e);
      }
    }
  }

  private static Object revealedValue(String type, Object value) {
    return type.equals("bool") && value instanceof BigInteger b ? b.signum() != 0 : value;
  }

  private void runOne(Abi.EventDef def, Event e) {
    String function = def.name().substring("start__".length());
    List<Type> types = def.fields().stream().map(f -> loaded.types().parse(f.type())).toList();
    List<String> names = def.fields().stream().map(Abi.EventField::name).toList();
    List<Object> values = io.parley.contracts.abi.Values.decodeList(types, names, e.data());
    Map<String, Object> arguments = new java.util.LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Object v = values.get(i);
      arguments.put(names.get(i), v instanceof Boolean b ? (b ? 1 : 0) : v);
    }
    kit.nextBlock(1);
    Computation computation;
    try {
      computation = confidential.run(kit, function, arguments, inputs);
    } catch (io.parley.zk.local.LocalCommittee.AbortException abort) {
      int reason = abort.accusation() instanceof io.parley.zk.evidence.Accusation.Proven ? 1 : 2;
      java.util.Optional<CallResult> callback =
          loaded.abi().action("abort__" + function).isPresent()
              ? java.util.Optional.of(
                  system(Address.ZERO, "abort__" + function, BigInteger.valueOf(reason)))
              : java.util.Optional.empty();
      started.add(new Started(function, java.util.Optional.empty(), reason, callback));
      return;
    }
    java.util.Optional<CallResult> callback = java.util.Optional.empty();
    java.util.Optional<Abi.FunctionDef> onResult = loaded.abi().action("result__" + function);
    if (onResult.isPresent()) {
      Object[] revealed =
          onResult.get().inputs().isEmpty()
              ? new Object[0]
              : new Object[] {
                revealedValue(
                    onResult.get().inputs().get(0).type(), computation.outputs().get("result"))
              };
      callback = java.util.Optional.of(system(Address.ZERO, "result__" + function, revealed));
    }
    started.add(new Started(function, java.util.Optional.of(computation), 0, callback));
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
      long bytes) {
    /** What the computation cost, for the author's eyes: protocol, rounds, messages, bytes. */
    public String report() {
      return protocol.equals("plaintext")
          ? "plaintext evaluator (no committee, no cost)"
          : String.format(
              java.util.Locale.ROOT,
              "%s: %d rounds, %,d messages, %,d bytes (all members, all phases)",
              protocol,
              rounds,
              messages,
              bytes);
    }
  }

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

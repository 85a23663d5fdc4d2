package io.parley.contracts.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.AbiTypes;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.wasm.Layout;
import io.parley.contracts.wasm.WasmCodegen;
import io.parley.zk.circuit.CircuitException;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Runs contract calls on the Chicory interpreter: a fresh instance per call, gas per instruction
 * and per host call, memory capped, effects applied to the host only on success (ADR 0031).
 * Thread-safe: calls share only the immutable parsed modules.
 */
public final class ContractRuntime {
  private static final int CACHE_SIZE = 256;

  /** The failure reason of a call stopped at its deadline (views and estimates only). */
  public static final String DEADLINE_PASSED = "stopped at its deadline";

  private final RuntimeLimits limits;
  private final GasSchedule gas;
  private final ModuleValidator validator;
  private final Map<Bytes32, LoadedContract> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes32, LoadedContract> eldest) {
              return size() > CACHE_SIZE;
            }
          });

  public ContractRuntime() {
    this(RuntimeLimits.DEFAULT, GasSchedule.DEFAULT);
  }

  public ContractRuntime(RuntimeLimits limits, GasSchedule gas) {
    this.limits = limits;
    this.gas = gas;
    this.validator = new ModuleValidator(limits);
  }

  public GasSchedule gasSchedule() {
    return gas;
  }

  /** The loaded code with this hash, if it is in the cache. */
  public java.util.Optional<LoadedContract> cached(Bytes32 codeHash) {
    return java.util.Optional.ofNullable(cache.get(codeHash));
  }

  /** Decodes and validates a bundle (cached by code hash). */
  public LoadedContract load(Bytes bundleBytes) throws DeployException {
    Bytes32 codeHash = Hashing.keccak256(bundleBytes);
    LoadedContract cached = cache.get(codeHash);
    if (cached != null) {
      return cached;
    }
    Bundle bundle;
    Abi abi;
    AbiTypes types;
    try {
      bundle = Bundle.decode(bundleBytes);
      abi = bundle.abi();
      types = new AbiTypes(abi.structs());
      checkSignatures(abi, types);
    } catch (AbiException e) {
      throw new DeployException(e.getMessage());
    }
    checkCircuits(bundle, abi);
    WasmModule module = validator.validate(bundle.wasm().toArrayUnsafe());
    int initial = module.memorySection().orElseThrow().getMemory(0).limits().initialPages();
    requireExports(abi, module);
    LoadedContract loaded = new LoadedContract(bundle, codeHash, abi, types, module, initial);
    try {
      instantiate(
          loaded,
          new HostSession(loaded, NO_HOST, probeContext(), gas, new GasMeter(0, GasSchedule.FREE)));
    } catch (ChicoryException | ContractFailure e) {
      throw new DeployException("module cannot be instantiated: " + e.getMessage());
    }
    cache.put(codeHash, loaded);
    return loaded;
  }

  /**
   * The code of a deployed contract, for running it (docs/adr/0050-code-loading-priced.md): from
   * the cache by its code hash, else {@code bundle} is read, decoded and its module parsed again.
   * Code reaches the state only through a deployment that passed {@link #load}, so its circuits and
   * its instantiation are not checked again: a cache miss costs about the bundle's size in
   * decoding, which the caller prices.
   *
   * @param bundle reads the bundle; called only on a cache miss
   * @return empty if {@code bundle} finds no code
   */
  public java.util.Optional<LoadedContract> loadDeployed(
      Bytes32 codeHash, java.util.function.Supplier<java.util.Optional<Bytes>> bundle)
      throws DeployException {
    LoadedContract cached = cache.get(codeHash);
    if (cached != null) {
      return java.util.Optional.of(cached);
    }
    java.util.Optional<Bytes> bytes = bundle.get();
    if (bytes.isEmpty()) {
      return java.util.Optional.empty();
    }
    Bundle decoded;
    Abi abi;
    AbiTypes types;
    try {
      decoded = Bundle.decodeDeployed(bytes.get());
      abi = decoded.abi();
      types = new AbiTypes(abi.structs());
    } catch (AbiException e) {
      throw new DeployException(e.getMessage());
    }
    WasmModule module = validator.validate(decoded.wasm().toArrayUnsafe());
    int initial = module.memorySection().orElseThrow().getMemory(0).limits().initialPages();
    LoadedContract loaded = new LoadedContract(decoded, codeHash, abi, types, module, initial);
    cache.put(codeHash, loaded);
    return java.util.Optional.of(loaded);
  }

  /**
   * The bundle of the deployed code {@code codeHash}: from the cache, else {@code bundle} decoded
   * (without parsing its module). Empty if {@code bundle} finds none.
   */
  public java.util.Optional<Bundle> deployedBundle(
      Bytes32 codeHash, java.util.function.Supplier<java.util.Optional<Bytes>> bundle)
      throws DeployException {
    LoadedContract cached = cache.get(codeHash);
    if (cached != null) {
      return java.util.Optional.of(cached.bundle());
    }
    java.util.Optional<Bytes> bytes = bundle.get();
    if (bytes.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Bundle.decodeDeployed(bytes.get()));
    } catch (AbiException e) {
      throw new DeployException(e.getMessage());
    }
  }

  /**
   * Every confidential function names a bundled circuit, and every bundled circuit passes the
   * committee's validator (docs/spec/circuit-ir.md section 6), so a deployed contract never starts
   * a computation the committee refuses.
   */
  private static void checkCircuits(Bundle bundle, Abi abi) throws DeployException {
    for (Abi.ConfidentialDef c : abi.confidential()) {
      if (!bundle.circuits().containsKey(c.circuit())) {
        throw new DeployException(
            "confidential function '"
                + c.name()
                + "' names a missing circuit '"
                + c.circuit()
                + "'");
      }
    }
    for (var entry : bundle.circuits().entrySet()) {
      try {
        CircuitValidator.validate(
            CircuitParser.parse(entry.getValue().getBytes(StandardCharsets.UTF_8)));
      } catch (CircuitException e) {
        throw new DeployException("circuit '" + entry.getKey() + "': " + e.getMessage());
      }
    }
  }

  private static void checkSignatures(Abi abi, AbiTypes types) {
    List<Abi.FunctionDef> all = new ArrayList<>(abi.actions());
    all.addAll(abi.views());
    abi.init().ifPresent(all::add);
    for (Abi.FunctionDef f : all) {
      f.inputs().forEach(p -> types.parse(p.type()));
      f.output().ifPresent(types::parse);
    }
    abi.events().forEach(e -> e.fields().forEach(f -> types.parse(f.type())));
  }

  private static void requireExports(Abi abi, WasmModule module) throws DeployException {
    List<String> names = new ArrayList<>();
    abi.init().ifPresent(i -> names.add(WasmCodegen.INIT_EXPORT));
    abi.actions().forEach(a -> names.add(WasmCodegen.ACTION_PREFIX + a.name()));
    abi.views().forEach(v -> names.add(WasmCodegen.VIEW_PREFIX + v.name()));
    names.add(WasmCodegen.ALLOC_EXPORT);
    var exports = module.exportSection();
    for (String name : names) {
      boolean found = false;
      for (int i = 0; i < exports.exportCount(); i++) {
        found |= exports.getExport(i).name().equals(name);
      }
      if (!found) {
        throw new DeployException("module does not export '" + name + "' named by its ABI");
      }
    }
  }

  /** Runs {@code init} (if the contract has one) with RLP-encoded arguments. */
  public CallResult deploy(
      LoadedContract contract, ContractHost host, CallContext context, Bytes arguments) {
    if (contract.abi().init().isEmpty()) {
      try {
        Values.decodeList(List.of(), List.of(), arguments);
      } catch (AbiException e) {
        return CallResult.failure(0, "bad arguments: " + e.getMessage());
      }
      return new CallResult(true, 0, Optional.empty(), Bytes.EMPTY, List.of(), Optional.empty());
    }
    return run(
        contract, host, context, WasmCodegen.INIT_EXPORT, contract.abi().init().get(), arguments);
  }

  /**
   * Calls an action (or, with a read-only context, a view) with RLP-encoded arguments, as a
   * transaction or a query does. Names containing {@code __} are run by the chain only ({@link
   * #callSystem}) and are refused here.
   */
  public CallResult call(
      LoadedContract contract,
      ContractHost host,
      CallContext context,
      String function,
      Bytes arguments) {
    if (function.contains("__")) {
      return CallResult.failure(
          0, "'" + function + "' is run by the chain (parley-lang/2), not called by a transaction");
    }
    return callSystem(contract, host, context, function, arguments);
  }

  /**
   * Calls any action, including the ones the chain runs itself (parley-lang/2: {@code
   * input__C}/{@code withdraw__C}/{@code reject__C} when a secret input arrives, is withdrawn or
   * fails its check; {@code result__f}/{@code abort__f} when a computation ends).
   */
  public CallResult callSystem(
      LoadedContract contract,
      ContractHost host,
      CallContext context,
      String function,
      Bytes arguments) {
    Optional<Abi.FunctionDef> def =
        context.readOnly() ? contract.abi().view(function) : contract.abi().action(function);
    if (def.isEmpty()) {
      return CallResult.failure(
          0, "no " + (context.readOnly() ? "view" : "action") + " named '" + function + "'");
    }
    String export =
        (context.readOnly() ? WasmCodegen.VIEW_PREFIX : WasmCodegen.ACTION_PREFIX) + function;
    return run(contract, host, context, export, def.get(), arguments);
  }

  private CallResult run(
      LoadedContract contract,
      ContractHost host,
      CallContext context,
      String export,
      Abi.FunctionDef def,
      Bytes arguments) {
    List<Type> types = def.inputs().stream().map(p -> contract.types().parse(p.type())).toList();
    List<Object> args;
    try {
      args =
          Values.decodeList(types, def.inputs().stream().map(Abi.Param::name).toList(), arguments);
    } catch (AbiException e) {
      return CallResult.failure(0, "bad arguments: " + e.getMessage());
    }
    GasMeter meter =
        new GasMeter(
            context.gasLimit(),
            gas,
            context.deadline().isPresent()
                ? new GasMeter.Deadline(context.deadline().getAsLong(), System::nanoTime)
                : GasMeter.Deadline.NONE);
    HostSession session = new HostSession(contract, host, context, gas, meter);
    try {
      meter.charge(0, gas.memoryPage(), contract.initialPages());
      Instance instance = instantiate(contract, session);
      Memory memory = instance.memory();
      ExportFunction alloc = instance.export(WasmCodegen.ALLOC_EXPORT);
      long[] params = new long[types.size()];
      for (int i = 0; i < types.size(); i++) {
        params[i] = parameter(memory, alloc, types.get(i), args.get(i));
      }
      long[] results = instance.export(export).apply(params);
      Optional<Object> value = Optional.empty();
      Bytes data = Bytes.EMPTY;
      if (def.output().isPresent()) {
        Type out = contract.types().parse(def.output().get());
        Object v = result(memory, out, results[0]);
        value = Optional.of(v);
        data = Values.encode(out, v);
      }
      session.state().applyTo(host);
      return new CallResult(true, meter.used(), value, data, session.events(), Optional.empty());
    } catch (RuntimeException | StackOverflowError e) {
      return CallResult.failure(meter.used(), reason(e));
    }
  }

  private Instance instantiate(LoadedContract contract, HostSession session) {
    return Instance.builder(contract.module())
        .withImportValues(session.imports())
        .withMemoryLimits(new MemoryLimits(contract.initialPages(), limits.maxMemoryPages()))
        .withUnsafeExecutionListener(session.meter())
        .build();
  }

  private static long parameter(Memory memory, ExportFunction alloc, Type t, Object value) {
    if (t instanceof Type.Bool) {
      return (Boolean) value ? 1 : 0;
    }
    if (t instanceof Type.Int i && i.small()) {
      return ((BigInteger) value).longValue();
    }
    if (t instanceof Type.BytesT) {
      return MemoryValues.writeBytes(memory, (Bytes) value, n -> (int) alloc.apply(n)[0]);
    }
    int size = Layout.size(t);
    int pointer = (int) alloc.apply(size)[0];
    MemoryValues.write(memory, t, value, pointer, n -> (int) alloc.apply(n)[0]);
    return pointer;
  }

  private static Object result(Memory memory, Type t, long raw) {
    if (t instanceof Type.Bool) {
      return raw != 0;
    }
    if (t instanceof Type.Int i && i.small()) {
      return i.signed() ? BigInteger.valueOf(raw) : new BigInteger(Long.toUnsignedString(raw));
    }
    if (t instanceof Type.BytesT) {
      return MemoryValues.readBytes(memory, (int) raw);
    }
    return MemoryValues.read(memory, t, (int) raw);
  }

  /** The failure reason of a call that threw: ours first, then interpreter traps. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ContractFailure f) {
        return f.getMessage();
      }
      if (t instanceof StackOverflowError) {
        return "call stack exhausted";
      }
    }
    return "trap: " + e.getMessage();
  }

  private static CallContext probeContext() {
    return new CallContext(Address.ZERO, Address.ZERO, UInt256.ZERO, 0, 0, 0, true);
  }

  private static final ContractHost NO_HOST =
      new ContractHost() {
        @Override
        public Optional<Bytes> storageGet(Address c, Bytes32 key) {
          return Optional.empty();
        }

        @Override
        public void storageSet(Address c, Bytes32 key, Bytes value) {
          throw new IllegalStateException("probe host is read-only");
        }

        @Override
        public UInt256 balance(Address account) {
          return UInt256.ZERO;
        }

        @Override
        public void transfer(Address f, Address t, UInt256 amount) {
          throw new IllegalStateException("probe host is read-only");
        }
      };
}

package io.parley.contracts.testing;

import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.contracts.lang.CompileException;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.zk.local.LocalCommittee;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * An in-process chain for contract authors' JUnit tests: compile, deploy and call contracts on the
 * real runtime over an {@link InMemoryHost}. Blocks advance only when the test says so, so tests
 * are deterministic.
 *
 * <pre>{@code
 * ContractTestKit kit = new ContractTestKit();
 * Address alice = kit.account("alice");
 * DeployedContract token = kit.deploy(Path.of("examples/Token.par"), alice, "Tok", "TOK", 1000);
 * token.call(alice, "transfer", kit.account("bob"), 10);
 * assertThat(token.query("balance_of", alice)).isEqualTo(BigInteger.valueOf(990));
 * }</pre>
 */
public final class ContractTestKit {
  public static final long DEFAULT_GAS = 10_000_000;
  public static final int DEFAULT_COMMITTEE = 4;

  private final ContractRuntime runtime;
  private final InMemoryHost host = new InMemoryHost();
  private long blockHeight = 1;
  private long blockTime = 1_700_000_000_000L;
  private long gasLimit = DEFAULT_GAS;
  private Optional<LocalCommittee> committee = Optional.empty();
  private boolean plaintext;

  public ContractTestKit() {
    this(new ContractRuntime());
  }

  public ContractTestKit(ContractRuntime runtime) {
    this.runtime = runtime;
  }

  public ContractRuntime runtime() {
    return runtime;
  }

  public InMemoryHost host() {
    return host;
  }

  /**
   * Confidential functions run on an in-process committee of {@code size} (4 or 7) members of the
   * real engine: malicious-secure preprocessing, input checks and signed openings (the default,
   * with 4 members).
   */
  public ContractTestKit useCommittee(int size) {
    committee = Optional.of(new LocalCommittee(size));
    plaintext = false;
    return this;
  }

  /**
   * Confidential functions run on {@link PlainCircuitEvaluator}: much faster, checks a function's
   * logic only (not its cost, nor the committee's acceptance of its inputs).
   */
  public ContractTestKit usePlaintext() {
    committee = Optional.empty();
    plaintext = true;
    return this;
  }

  /** The committee confidential functions run on; empty in plaintext mode. */
  public Optional<LocalCommittee> committee() {
    if (!plaintext && committee.isEmpty()) {
      committee = Optional.of(new LocalCommittee(DEFAULT_COMMITTEE));
    }
    return committee;
  }

  /** A deterministic address for a name: keccak256(name)[12..32]. */
  public Address account(String name) {
    return new Address(
        Hashing.keccak256(Bytes.wrap(name.getBytes(StandardCharsets.UTF_8))).slice(12, 20).copy());
  }

  public void fund(Address account, BigInteger amount) {
    host.setBalance(account, UInt256.valueOf(amount));
  }

  public void setGasLimit(long gasLimit) {
    this.gasLimit = gasLimit;
  }

  /** Advances to the next block, {@code millis} later. */
  public void nextBlock(long millis) {
    blockHeight++;
    blockTime += millis;
  }

  public long blockHeight() {
    return blockHeight;
  }

  public static CompiledContract compile(Path source) {
    try {
      return ContractCompiler.compile(source);
    } catch (CompileException e) {
      throw new AssertionError("contract does not compile:\n" + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public DeployedContract deploy(Path source, Address from, Object... initArgs) {
    return deploy(compile(source), from, initArgs);
  }

  public DeployedContract deploy(CompiledContract compiled, Address from, Object... initArgs) {
    return deploy(compiled.bundle().encode(), from, initArgs);
  }

  /** Deploys bundle bytes; a refused bundle or a failed init is an {@link AssertionError}. */
  public DeployedContract deploy(Bytes bundle, Address from, Object... initArgs) {
    LoadedContract loaded;
    try {
      loaded = runtime.load(bundle);
    } catch (DeployException e) {
      throw new AssertionError("deployment refused: " + e.getMessage(), e);
    }
    Address address = Payloads.contractAddress(from, host.nextNonce(from));
    List<Type> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    loaded
        .abi()
        .init()
        .ifPresent(
            i ->
                i.inputs()
                    .forEach(
                        p -> {
                          types.add(loaded.types().parse(p.type()));
                          names.add(p.name());
                        }));
    Bytes args = encode(types, names, Arrays.asList(initArgs));
    CallContext context = context(from, address, UInt256.ZERO, false);
    CallResult result = runtime.deploy(loaded, host, context, args);
    if (!result.success()) {
      throw new AssertionError("init failed: " + result.failureReason().orElseThrow());
    }
    host.setCode(address, loaded.codeHash());
    return new DeployedContract(this, loaded, address, result);
  }

  static Bytes encode(List<Type> types, List<String> names, List<Object> values) {
    if (types.size() != values.size()) {
      throw new IllegalArgumentException(
          "expected " + types.size() + " arguments, got " + values.size());
    }
    List<Object> normalized = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      normalized.add(Values.normalize(types.get(i), values.get(i), names.get(i)));
    }
    return Values.encodeList(types, normalized);
  }

  CallContext context(Address caller, Address contract, UInt256 value, boolean readOnly) {
    return new CallContext(caller, contract, value, blockHeight, blockTime, gasLimit, readOnly);
  }

  /** Loads a bundle without deploying it: deployment validation only. */
  public void validate(Bundle bundle) throws DeployException {
    runtime.load(bundle.encode());
  }
}

package io.parley.node.execution.contract;

import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.NodeStore;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.CallContext;
import io.parley.contracts.runtime.CallResult;
import io.parley.contracts.runtime.ContractHost;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import io.parley.contracts.runtime.LoadedContract;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** Reads contracts at a committed state root: code, ABI, and read-only view calls (RPC). */
public final class ContractReader {
  private final AccountTree accounts;
  private final ContractStore store;
  private final ContractRuntime runtime;
  private final QueryLimits limits;

  public ContractReader(NodeStore nodes, ContractRuntime runtime) {
    this(nodes, runtime, QueryLimits.DEFAULTS);
  }

  public ContractReader(NodeStore nodes, ContractRuntime runtime, QueryLimits limits) {
    this.accounts = new AccountTree(nodes);
    this.store = new ContractStore(nodes);
    this.runtime = runtime;
    this.limits = limits;
  }

  public QueryLimits limits() {
    return limits;
  }

  /** The loaded contract at {@code address}, or empty if the account has no code. */
  public Optional<LoadedContract> contract(Bytes32 stateRoot, Address address) {
    Account account = accounts.get(stateRoot, address);
    Bytes32 codeHash = account.codeHash();
    try {
      return runtime.loadDeployed(codeHash, () -> store.code(codeHash));
    } catch (DeployException e) {
      throw new IllegalStateException(
          "stored code of " + address + " does not load: " + e.getMessage(), e);
    }
  }

  public Optional<Bytes> bundle(Bytes32 stateRoot, Address address) {
    return store.code(accounts.get(stateRoot, address).codeHash());
  }

  /**
   * Runs a view with RLP-encoded arguments on the state at {@code stateRoot}, with the gas of
   * {@link #limits()}, stopped at its timeout ({@link ContractRuntime#DEADLINE_PASSED}).
   */
  public CallResult query(
      Bytes32 stateRoot,
      LoadedContract contract,
      Address address,
      Address caller,
      String view,
      Bytes arguments,
      long height,
      long timestamp) {
    ContractHost host =
        new ContractHost() {
          @Override
          public Optional<Bytes> storageGet(Address c, Bytes32 key) {
            return store.storage(accounts.get(stateRoot, c).storageRoot(), key);
          }

          @Override
          public void storageSet(Address c, Bytes32 key, Bytes value) {
            throw new IllegalStateException("a view query cannot write");
          }

          @Override
          public UInt256 balance(Address account) {
            return accounts.get(stateRoot, account).balance();
          }

          @Override
          public void transfer(Address from, Address to, UInt256 amount) {
            throw new IllegalStateException("a view query cannot transfer");
          }
        };
    return runtime.call(
        contract,
        host,
        CallContext.view(caller, address, height, timestamp, limits.gas())
            .withDeadline(limits.deadlineFromNow()),
        view,
        arguments);
  }
}

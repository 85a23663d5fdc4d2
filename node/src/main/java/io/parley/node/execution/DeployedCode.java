package io.parley.node.execution;

import io.parley.base.state.Account;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.DeployException;
import io.parley.contracts.runtime.LoadedContract;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/** The code of the contract at an address, loaded as a transaction runs it (ADR 0050). */
final class DeployedCode {
  /** The address holds no code, or its stored code does not load: the reason, for the receipt. */
  static final class Unavailable extends Exception {
    Unavailable(String reason) {
      super(reason, null, false, false);
    }
  }

  private DeployedCode() {}

  static LoadedContract load(ContractRuntime runtime, StateOverlay state, Address contract)
      throws Unavailable {
    Account account = state.get(contract);
    Bytes32 codeHash = account.codeHash();
    try {
      Optional<LoadedContract> loaded =
          account.hasCode()
              ? runtime.loadDeployed(codeHash, () -> state.contracts().code(codeHash))
              : Optional.empty();
      return loaded.orElseThrow(() -> new Unavailable("no contract at " + contract));
    } catch (DeployException e) {
      throw new Unavailable("stored code cannot be loaded: " + e.getMessage());
    }
  }
}

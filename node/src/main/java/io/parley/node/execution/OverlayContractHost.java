package io.parley.node.execution;

import io.parley.base.state.Account;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.runtime.ContractHost;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** The contract runtime's view of a block's state overlay (it writes only on call success). */
final class OverlayContractHost implements ContractHost {
  private final StateOverlay state;

  StateOverlay state() {
    return state;
  }

  OverlayContractHost(StateOverlay state) {
    this.state = state;
  }

  @Override
  public Optional<Bytes> storageGet(Address contract, Bytes32 key) {
    return state.contracts().storage(contract, state.get(contract).storageRoot(), key);
  }

  @Override
  public void storageSet(Address contract, Bytes32 key, Bytes value) {
    state.contracts().setStorage(contract, key, value);
  }

  @Override
  public UInt256 balance(Address account) {
    return state.get(account).balance();
  }

  @Override
  public void transfer(Address from, Address to, UInt256 amount) {
    move(state, from, to, amount);
  }

  static void move(StateOverlay state, Address from, Address to, UInt256 amount) {
    if (amount.isZero()) {
      return;
    }
    Account payer = state.get(from);
    state.put(from, payer.withBalance(Amounts.subtractExact(payer.balance(), amount)));
    Account payee = state.get(to);
    state.put(to, payee.withBalance(Amounts.addExact(payee.balance(), amount)));
  }
}

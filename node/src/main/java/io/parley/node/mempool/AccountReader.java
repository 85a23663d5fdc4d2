package io.parley.node.mempool;

import io.parley.base.state.Account;
import io.parley.base.types.Address;

/** The committed state the mempool checks nonces and balances against. */
@FunctionalInterface
public interface AccountReader {
  Account account(Address address);
}

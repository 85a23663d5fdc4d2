package io.parley.contracts.runtime;

import io.parley.base.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Effects of a call not yet applied to the host: storage writes and value transfers. Reads see
 * them; {@link #applyTo} hands them to the host only when the call succeeds.
 */
final class PendingState {
  private record Transfer(Address from, Address to, UInt256 amount) {}

  private final ContractHost host;
  private final Address contract;
  private final Map<Bytes32, Optional<Bytes>> storage = new LinkedHashMap<>();
  private final List<Transfer> transfers = new ArrayList<>();
  private final Map<Address, BigInteger> balanceDeltas = new HashMap<>();

  PendingState(ContractHost host, Address contract) {
    this.host = host;
    this.contract = contract;
  }

  Optional<Bytes> get(Bytes32 key) {
    Optional<Bytes> pending = storage.get(key);
    return pending != null ? pending : host.storageGet(contract, key);
  }

  void set(Bytes32 key, Optional<Bytes> value) {
    storage.put(key, value);
  }

  BigInteger balance(Address account) {
    return host.balance(account)
        .toUnsignedBigInteger()
        .add(balanceDeltas.getOrDefault(account, BigInteger.ZERO));
  }

  void transfer(Address to, UInt256 amount) {
    BigInteger available = balance(contract);
    if (available.compareTo(amount.toUnsignedBigInteger()) < 0) {
      throw new ContractFailure(
          "transfer of "
              + amount.toDecimalString()
              + " exceeds the contract's balance "
              + available);
    }
    transfers.add(new Transfer(contract, to, amount));
    balanceDeltas.merge(contract, amount.toUnsignedBigInteger().negate(), BigInteger::add);
    balanceDeltas.merge(to, amount.toUnsignedBigInteger(), BigInteger::add);
  }

  void applyTo(ContractHost target) {
    storage.forEach((key, value) -> target.storageSet(contract, key, value.orElse(Bytes.EMPTY)));
    for (Transfer t : transfers) {
      target.transfer(t.from(), t.to(), t.amount());
    }
  }

  int writes() {
    return storage.size();
  }
}

package io.parley.genesis;

import io.parley.base.types.Address;
import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/** A balance credited to an address at genesis. */
public record Allocation(Address address, UInt256 balance) {
  public Allocation {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(balance, "balance");
  }
}

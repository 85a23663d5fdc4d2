package io.parley.sdk;

import io.parley.base.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * An account as {@code state_getAccount} answers it (docs/rpc.md): {@code pendingNonce} is the
 * nonce the next transaction should be signed with.
 */
public record AccountState(
    Address address, long nonce, long pendingNonce, UInt256 balance, long blockNumber) {}

package io.parley.sdk;

import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A transaction the node accepted into its mempool: its hash, the nonce it was signed with, and for
 * a deploy the address of the contract it creates.
 */
public record SentTransaction(
    Bytes32 hash, long nonce, SignedTransaction transaction, Optional<Address> contractAddress) {}

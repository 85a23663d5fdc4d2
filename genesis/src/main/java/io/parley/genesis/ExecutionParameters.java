package io.parley.genesis;

import org.apache.tuweni.units.bigints.UInt256;

/**
 * Execution and fee settings fixed at genesis.
 *
 * @param minGasPrice the lowest gas price a transaction may offer, in base units per gas
 * @param transactionBaseGas gas charged for every transaction (a transfer costs exactly this)
 * @param payloadByteGas gas charged per payload byte
 * @param maxTransactionSize largest encoded transaction, in bytes
 */
public record ExecutionParameters(
    UInt256 minGasPrice, long transactionBaseGas, long payloadByteGas, int maxTransactionSize) {

  public static final ExecutionParameters DEFAULTS =
      new ExecutionParameters(UInt256.ONE, 21_000, 16, 128 * 1024);

  public ExecutionParameters {
    if (transactionBaseGas < 1 || payloadByteGas < 0) {
      throw new GenesisException("execution: gas costs must be positive");
    }
    if (maxTransactionSize < 256 || maxTransactionSize > 4 * 1024 * 1024) {
      throw new GenesisException("execution: maxTransactionSize must be in [256, 4194304]");
    }
  }

  /** Gas a transaction consumes before any contract code runs. */
  public long intrinsicGas(int payloadSize) {
    return transactionBaseGas + payloadByteGas * payloadSize;
  }
}

package io.parley.genesis;

/**
 * Consensus settings fixed at genesis. Timeouts are in milliseconds.
 *
 * @param blockPeriodMillis minimum time from a commit to the next proposal, so transactions batch
 *     up; 0 proposes as soon as transactions wait
 * @param emptyBlockIntervalMillis an empty block is produced after this long without one
 * @param roundTimeoutMillis base BFT round timeout (doubles on each failed round)
 * @param maxBlockTransactions most transactions in one block
 * @param maxBlockGas most gas used by one block
 */
public record ConsensusParameters(
    long blockPeriodMillis,
    long emptyBlockIntervalMillis,
    long roundTimeoutMillis,
    int maxBlockTransactions,
    long maxBlockGas) {

  public static final ConsensusParameters DEFAULTS =
      new ConsensusParameters(100, 5_000, 1_000, 5_000, 200_000_000L);

  public ConsensusParameters {
    require(
        blockPeriodMillis >= 0 && blockPeriodMillis <= 60_000,
        "blockPeriodMillis must be in [0, 60000]");
    require(
        emptyBlockIntervalMillis >= blockPeriodMillis && emptyBlockIntervalMillis <= 3_600_000,
        "emptyBlockIntervalMillis must be in [blockPeriodMillis, 3600000]");
    require(
        roundTimeoutMillis >= 10 && roundTimeoutMillis <= 600_000,
        "roundTimeoutMillis must be in [10, 600000]");
    require(
        maxBlockTransactions >= 1 && maxBlockTransactions <= 100_000,
        "maxBlockTransactions must be in [1, 100000]");
    require(maxBlockGas >= 21_000, "maxBlockGas must be at least 21000");
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new GenesisException("consensus: " + message);
    }
  }
}

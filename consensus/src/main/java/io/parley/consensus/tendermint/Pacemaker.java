package io.parley.consensus.tendermint;

/**
 * Timeout durations. Tendermint's three timeouts back off exponentially with the round (doubling,
 * up to 2^maxBackoffExponent times the base), so after GST they eventually exceed the real message
 * delay; a new height starts again at round 0, which resets them on progress. Round 0's propose
 * timeout also covers the proposer waiting up to {@code emptyBlockIntervalMillis} for transactions.
 *
 * @param rebroadcastMillis period at which a validator re-sends its own messages of the round
 * @param syncMillis how long to wait for an answer to a block request before asking another peer
 * @param blockPeriodMillis minimum time between a commit and the next round-0 proposal
 * @param emptyBlockIntervalMillis the round-0 proposer builds an empty block after this long
 */
public record Pacemaker(
    long proposeMillis,
    long prevoteMillis,
    long precommitMillis,
    long rebroadcastMillis,
    long syncMillis,
    long blockPeriodMillis,
    long emptyBlockIntervalMillis,
    int maxBackoffExponent) {

  public Pacemaker {
    if (proposeMillis <= 0
        || prevoteMillis <= 0
        || precommitMillis <= 0
        || rebroadcastMillis <= 0
        || syncMillis <= 0
        || blockPeriodMillis < 0
        || emptyBlockIntervalMillis < blockPeriodMillis
        || maxBackoffExponent < 0
        || maxBackoffExponent > 20) {
      throw new IllegalArgumentException("invalid pacemaker settings");
    }
  }

  /** Settings for validators on one LAN or on loopback. */
  public static Pacemaker defaults() {
    return new Pacemaker(1_000, 500, 500, 1_000, 2_000, 5, 1_000, 6);
  }

  public long propose(long round) {
    return backoff(proposeMillis, round) + (round == 0 ? emptyBlockIntervalMillis : 0);
  }

  public long prevote(long round) {
    return backoff(prevoteMillis, round);
  }

  public long precommit(long round) {
    return backoff(precommitMillis, round);
  }

  private long backoff(long base, long round) {
    return base << Math.min(round, maxBackoffExponent);
  }
}

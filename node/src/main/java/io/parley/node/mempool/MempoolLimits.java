package io.parley.node.mempool;

/**
 * Bounds on the mempool.
 *
 * @param maxTransactions most pending transactions in total
 * @param maxBytes most encoded bytes in total
 * @param maxPerSender most pending transactions of one sender
 * @param maxNonceGap how far ahead of the account's next nonce a transaction may be
 */
public record MempoolLimits(int maxTransactions, long maxBytes, int maxPerSender, int maxNonceGap) {
  public static final MempoolLimits DEFAULTS = new MempoolLimits(100_000, 128L << 20, 1_024, 1_024);

  public MempoolLimits {
    if (maxTransactions < 1 || maxBytes < 1024 || maxPerSender < 1 || maxNonceGap < 1) {
      throw new IllegalArgumentException("mempool limits must be positive");
    }
  }
}

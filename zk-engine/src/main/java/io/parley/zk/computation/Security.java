package io.parley.zk.computation;

/**
 * The threat model a computation runs under. The chain always uses {@link #MALICIOUS}: up to t of
 * the n = 3t+1 members deviate arbitrarily, every message is signed and checked, and a deviation
 * ends in a verifiable blame (identifiable abort). {@link #SEMI_HONEST} signs and checks nothing
 * and exists to measure what the checks cost.
 */
public enum Security {
  MALICIOUS,
  SEMI_HONEST
}

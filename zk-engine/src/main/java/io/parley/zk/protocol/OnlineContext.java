package io.parley.zk.protocol;

/**
 * What one party's online programs need: its 0-based index, the committee size n = 3t+1 and the
 * preprocessing it draws from. Threat model: up to t of the n parties malicious (static
 * corruption), honest majority of 2t+1.
 */
public record OnlineContext(int party, int parties, Preprocessing preprocessing) {
  public OnlineContext {
    if (parties < 4 || (parties - 1) % 3 != 0) {
      throw new IllegalArgumentException("committee size must be 3t+1 with t >= 1, got " + parties);
    }
    if (party < 0 || party >= parties) {
      throw new IllegalArgumentException("party index out of range: " + party);
    }
  }

  public int threshold() {
    return (parties - 1) / 3;
  }
}

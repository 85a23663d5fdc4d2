package io.parley.consensus.validation;

/**
 * Tendermint's proposer(h, r) for equal voting power: round robin over the genesis validator list,
 * shifted by one every height so that a crashed validator costs at most one round per n heights.
 */
public final class ProposerSelection {
  private ProposerSelection() {}

  public static int proposer(long height, long round, int validatorCount) {
    return (int) Math.floorMod(height + round, (long) validatorCount);
  }
}

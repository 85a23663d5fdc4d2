package io.parley.consensus.tendermint;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.util.Objects;

/**
 * What a validator needs to run Tendermint: the chain id (inside every signature), the genesis
 * validator set, its own key (which must belong to the set) and the timeouts.
 */
public record TendermintConfig(
    long chainId, ValidatorSet validators, KeyPair key, Pacemaker pacemaker) {
  public TendermintConfig {
    Objects.requireNonNull(validators, "validators");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pacemaker, "pacemaker");
    if (validators.indexOf(key.address()).isEmpty()) {
      throw new IllegalArgumentException("key " + key.address() + " is not a validator");
    }
  }

  public int validatorIndex() {
    return validators.indexOf(key.address()).orElseThrow();
  }
}

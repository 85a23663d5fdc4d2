package io.parley.consensus.tendermint;

/** Tendermint's step within a round, in the order a validator passes through them. */
enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT
}

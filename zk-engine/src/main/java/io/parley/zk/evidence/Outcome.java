package io.parley.zk.evidence;

import org.apache.tuweni.bytes.Bytes32;

/**
 * The end of a computation for one member: outputs with the transcript digest (a keccak256 hash
 * chain over every opened value, equal at all honest members), or an abort.
 */
public sealed interface Outcome<T> {
  record Completed<T>(T value, Bytes32 transcript, int rounds) implements Outcome<T> {}

  record Aborted<T>(Accusation accusation) implements Outcome<T> {}
}

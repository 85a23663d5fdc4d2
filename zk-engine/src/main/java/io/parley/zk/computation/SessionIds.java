package io.parley.zk.computation;

import io.parley.base.crypto.Hashing;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Session ids derived from a computation's id (docs/spec/mpc-network.md section 3): {@code
 * keccak256(id || phase)} with phase {@code prep}, {@code prep/i} (i >= 1), {@code input}, {@code
 * bits}, {@code online}, {@code bounded} (the PRSS stream of bounded randoms).
 */
public final class SessionIds {
  private SessionIds() {}

  public static Bytes32 derive(Bytes32 computation, String phase) {
    return Hashing.keccak256(computation, Bytes.wrap(phase.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Batch {@code index} of a computation's preprocessing. */
  public static Bytes32 batch(Bytes32 computation, int index) {
    return index == 0 ? derive(computation, "prep") : derive(computation, "prep/" + index);
  }
}

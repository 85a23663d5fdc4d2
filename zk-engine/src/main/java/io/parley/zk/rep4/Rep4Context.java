package io.parley.zk.rep4;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.messages.Committee;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a party needs to run one rep4 computation: the 4-member committee (public keys), its index,
 * its PRG keys (absent only while setting them up), its signing key (present: malicious mode with
 * signed statements and backup digests; absent: semi-honest mode, no digests, no signatures) and
 * the computation id.
 */
public record Rep4Context(
    Committee committee,
    int self,
    Optional<Rep4Keys> keys,
    Optional<PrivateKey> signingKey,
    Bytes32 computation) {
  /** Largest vector one round may move (bounded so every message stays below the frame limit). */
  public static final int MAX_ELEMENTS = 1 << 22;

  public Rep4Context {
    if (committee.size() != 4) {
      throw new IllegalArgumentException("rep4 needs exactly 4 members, got " + committee.size());
    }
    if (self < 0 || self >= 4) {
      throw new IllegalArgumentException("party index " + self + " out of range");
    }
    if (keys.isPresent() && keys.get().self() != self) {
      throw new IllegalArgumentException("keys belong to party " + keys.get().self());
    }
  }

  public boolean malicious() {
    return signingKey.isPresent();
  }

  Rep4Keys prgKeys() {
    return keys.orElseThrow(() -> new IllegalStateException("PRG keys are not set up"));
  }

  byte[] streamKey(int m, int round, int stream) {
    return StreamPrg.streamKey(prgKeys().key(m), computation, round, stream);
  }
}

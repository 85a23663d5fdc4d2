package io.parley.zk.inputs;

import java.security.SecureRandom;

/**
 * Where a wallet's random bytes come from. {@link #secure()} in production; a test vector fixes the
 * stream (secret-inputs.md section 2 fixes the order of draws).
 */
@FunctionalInterface
public interface RandomBytes {
  byte[] next(int length);

  static RandomBytes secure() {
    SecureRandom random = new SecureRandom();
    return length -> {
      byte[] out = new byte[length];
      random.nextBytes(out);
      return out;
    };
  }
}

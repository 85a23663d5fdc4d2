package io.parley.zk.messages;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * The JDK's AES-CTR (AES-NI), one {@code Cipher} per thread: callers key it anew for each stream
 * ({@code init}), which is cheap, while looking a cipher up and building it for every stream cost
 * more than the keystream itself (docs/benchmarks.md, issue 15).
 */
public final class AesCtr {
  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/CTR/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-CTR is part of every JDK", e);
            }
          });

  private AesCtr() {}

  /** This thread's AES-CTR cipher, to be keyed with {@code init} before each use. */
  public static Cipher cipher() {
    return CIPHER.get();
  }
}

package io.parley.node.p2p;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for one direction of a session: the nonce is a 64-bit frame counter (big-endian,
 * after four zero bytes), so frames must be opened in the order they were sealed; a replayed,
 * dropped, reordered or altered frame fails to open and ends the session. Not thread-safe: each
 * direction is used by one Netty event loop.
 */
final class FrameCipher {
  static final int TAG_BYTES = 16;
  private final SecretKeySpec key;
  private long counter;

  FrameCipher(byte[] key32) {
    if (key32.length != 32) {
      throw new IllegalArgumentException("AES-256 key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key32.clone(), "AES");
  }

  byte[] seal(byte[] plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  byte[] open(byte[] ciphertext) throws HandshakeException {
    if (ciphertext.length < TAG_BYTES) {
      throw new HandshakeException("frame shorter than its authentication tag");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      return cipher.doFinal(ciphertext);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new HandshakeException("frame failed authentication");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private GCMParameterSpec nextNonce() {
    if (counter == Long.MAX_VALUE) {
      throw new IllegalStateException("frame counter exhausted; the session must be renewed");
    }
    byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(counter++).array();
    return new GCMParameterSpec(TAG_BYTES * 8, nonce);
  }
}

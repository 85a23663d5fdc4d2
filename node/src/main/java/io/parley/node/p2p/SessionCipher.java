package io.parley.node.p2p;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for one direction of a session. The nonce is a frame counter (4 zero bytes || 8-byte
 * big-endian count), never reused under a key since each direction has its own key; a replayed,
 * dropped or reordered frame fails authentication, which ends the session.
 */
final class SessionCipher {
  private final SecretKeySpec key;
  private long counter;

  SessionCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  byte[] seal(byte[] plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(counter++)));
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts the next frame; throws if it was tampered with, replayed or reordered. */
  byte[] open(byte[] frame) throws AEADBadTagException {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(counter++)));
      return cipher.doFinal(frame);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new AEADBadTagException("cannot decrypt frame: " + e.getMessage());
    }
  }

  private static byte[] nonce(long counter) {
    return ByteBuffer.allocate(12).putInt(0).putLong(counter).array();
  }
}

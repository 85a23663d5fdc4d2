package io.parley.zk.inputs;

import io.parley.base.crypto.Hashing;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.math.ec.ECPoint;

/** Member j's key, commitment and ciphertext (secret-inputs.md section 3, items 3 to 5). */
final class Envelope {
  private static final Bytes SHARE_INFO = KnowledgeProof.ascii("parley-secret-share/2");
  private static final Bytes COMMIT = KnowledgeProof.ascii("parley-share-commit/2");
  private static final Bytes COMPONENT = KnowledgeProof.ascii("parley-component-commit/2");

  private Envelope() {}

  static Bytes u16(int j) {
    return Bytes.wrap(ByteBuffer.allocate(2).putShort((short) j).array());
  }

  /** k_j from S_j = e·Q_j (or d_j·E). */
  static byte[] key(ECPoint shared, Bytes ephemeral, Bytes32 context, int j) {
    Bytes x = Bytes.wrap(shared.normalize().getAffineXCoord().getEncoded());
    return Kdf.hkdf(x, ephemeral, Bytes.concatenate(SHARE_INFO, context, u16(j)), 32);
  }

  static Bytes32 commitment(Bytes32 context, int j, byte[] plain) {
    return Hashing.keccak256(COMMIT, context, u16(j), Bytes.wrap(plain));
  }

  /** D_k (secret-inputs.md section 3, item 4b) over component k's bytes and its salt r_k. */
  static Bytes32 component(Bytes32 context, int k, byte[] componentAndSalt) {
    return Hashing.keccak256(COMPONENT, context, u16(k), Bytes.wrap(componentAndSalt));
  }

  static Bytes seal(byte[] key, Bytes32 context, int j, byte[] plain) {
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, context, j);
      return Bytes.wrap(cipher.doFinal(plain));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM unavailable", e);
    }
  }

  /** The plaintext, or empty if authentication fails. */
  static Optional<byte[]> open(byte[] key, Bytes32 context, int j, Bytes ciphertext) {
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, context, j);
      return Optional.of(cipher.doFinal(ciphertext.toArray()));
    } catch (AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static Cipher cipher(int mode, byte[] key, Bytes32 context, int j)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
    cipher.updateAAD(Bytes.concatenate(context, u16(j)).toArrayUnsafe());
    return cipher;
  }
}

package io.parley.sdk.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Web3 Secret Storage v3 key files (the format of geth, MetaMask exports and most Ethereum
 * wallets): scrypt (or PBKDF2-HMAC-SHA256 when reading) derives a 32-byte key from the passphrase;
 * its first 16 bytes key AES-128-CTR over the private key; the MAC is keccak256 of the derived
 * key's last 16 bytes followed by the ciphertext. Written with scrypt n = 2^18, r = 8, p = 1 unless
 * told otherwise.
 */
public final class Keystore {
  public static final int DEFAULT_SCRYPT_N = 1 << 18;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Keystore() {}

  /** The wrong passphrase, or a corrupt or unsupported key file. */
  public static final class KeystoreException extends Exception {
    public KeystoreException(String message) {
      super(message);
    }
  }

  public static String encrypt(KeyPair key, char[] passphrase, int scryptN) {
    byte[] salt = new byte[32];
    byte[] iv = new byte[16];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(iv);
    int r = 8;
    int p = 1;
    byte[] derived = SCrypt.generate(utf8(passphrase), salt, scryptN, r, p, 32);
    try {
      byte[] ciphertext =
          aesCtr(Cipher.ENCRYPT_MODE, derived, iv, key.privateKey().bytes().toArray());
      ObjectNode root = MAPPER.createObjectNode();
      root.put("address", key.address().toHexString().substring(2));
      ObjectNode crypto = root.putObject("crypto");
      crypto.put("cipher", "aes-128-ctr");
      crypto.putObject("cipherparams").put("iv", HEX.formatHex(iv));
      crypto.put("ciphertext", HEX.formatHex(ciphertext));
      crypto.put("kdf", "scrypt");
      ObjectNode kdf = crypto.putObject("kdfparams");
      kdf.put("dklen", 32);
      kdf.put("n", scryptN);
      kdf.put("r", r);
      kdf.put("p", p);
      kdf.put("salt", HEX.formatHex(salt));
      crypto.put("mac", HEX.formatHex(mac(derived, ciphertext)));
      root.put("id", UUID.randomUUID().toString());
      root.put("version", 3);
      return MAPPER.writeValueAsString(root);
    } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  public static KeyPair decrypt(String json, char[] passphrase) throws KeystoreException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new KeystoreException("key file is not valid JSON");
    }
    if (root == null || root.path("version").asInt() != 3) {
      throw new KeystoreException(
          "unsupported key file: only Web3 Secret Storage version 3 is read");
    }
    JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.path("Crypto");
    if (!"aes-128-ctr".equals(crypto.path("cipher").asText())) {
      throw new KeystoreException(
          "unsupported cipher '" + crypto.path("cipher").asText() + "' (aes-128-ctr expected)");
    }
    byte[] iv = hex(crypto.path("cipherparams").path("iv").asText(), "iv");
    byte[] ciphertext = hex(crypto.path("ciphertext").asText(), "ciphertext");
    byte[] expectedMac = hex(crypto.path("mac").asText(), "mac");
    byte[] derived = derive(crypto, passphrase);
    try {
      if (!MessageDigest.isEqual(mac(derived, ciphertext), expectedMac)) {
        throw new KeystoreException("wrong passphrase (MAC mismatch)");
      }
      byte[] privateKey = aesCtr(Cipher.DECRYPT_MODE, derived, iv, ciphertext);
      if (privateKey.length != 32) {
        throw new KeystoreException(
            "key file holds a " + privateKey.length + "-byte key, 32 expected");
      }
      return KeyPair.of(PrivateKey.of(Bytes32.wrap(privateKey)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeystoreException("cannot decrypt key file: " + e.getMessage());
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  private static byte[] derive(JsonNode crypto, char[] passphrase) throws KeystoreException {
    JsonNode params = crypto.path("kdfparams");
    int dklen = params.path("dklen").asInt();
    if (dklen != 32) {
      throw new KeystoreException("kdfparams.dklen must be 32");
    }
    byte[] salt = hex(params.path("salt").asText(), "salt");
    switch (crypto.path("kdf").asText()) {
      case "scrypt" -> {
        int n = params.path("n").asInt();
        int r = params.path("r").asInt();
        int p = params.path("p").asInt();
        if (n < 2
            || Integer.bitCount(n) != 1
            || n > (1 << 22)
            || r < 1
            || r > 32
            || p < 1
            || p > 16) {
          throw new KeystoreException(
              "scrypt parameters out of range (n a power of two <= 2^22, r <= 32, p <= 16)");
        }
        try {
          return SCrypt.generate(utf8(passphrase), salt, n, r, p, 32);
        } catch (IllegalArgumentException e) {
          throw new KeystoreException(
              "unsupported scrypt parameters (RFC 7914 requires n < 2^(16r)): " + e.getMessage());
        }
      }
      case "pbkdf2" -> {
        if (!"hmac-sha256".equals(params.path("prf").asText())) {
          throw new KeystoreException("pbkdf2 prf must be hmac-sha256");
        }
        int c = params.path("c").asInt();
        if (c < 1 || c > 10_000_000) {
          throw new KeystoreException("pbkdf2 iteration count out of range");
        }
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SHA256Digest());
        generator.init(utf8(passphrase), salt, c);
        return ((KeyParameter) generator.generateDerivedParameters(256)).getKey();
      }
      default ->
          throw new KeystoreException(
              "unsupported kdf '" + crypto.path("kdf").asText() + "' (scrypt or pbkdf2)");
    }
  }

  private static byte[] mac(byte[] derived, byte[] ciphertext) {
    return Hashing.keccak256(Bytes.wrap(derived, 16, 16), Bytes.wrap(ciphertext)).toArray();
  }

  private static byte[] aesCtr(int mode, byte[] derived, byte[] iv, byte[] input)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    cipher.init(mode, new SecretKeySpec(derived, 0, 16, "AES"), new IvParameterSpec(iv));
    return cipher.doFinal(input);
  }

  private static byte[] hex(String text, String field) throws KeystoreException {
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("key file field '" + field + "' is not hex");
    }
  }

  private static byte[] utf8(char[] passphrase) {
    return new String(passphrase).getBytes(StandardCharsets.UTF_8);
  }
}

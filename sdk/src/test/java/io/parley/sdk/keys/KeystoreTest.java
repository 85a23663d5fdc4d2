package io.parley.sdk.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import org.junit.jupiter.api.Test;

class KeystoreTest {
  private static final String PRIVATE_KEY =
      "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

  /**
   * The PBKDF2 test vector of the Web3 Secret Storage definition (the scrypt one uses r = 1 with n
   * = 2^18, beyond RFC 7914's n < 2^(16r) that BouncyCastle enforces; files written by geth and
   * MetaMask use r = 8).
   */
  private static final String PBKDF2_VECTOR =
      """
      {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
      "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
      "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
      "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
      "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
      """;

  @Test
  void writesScryptFilesWithTheStandardParameters() throws Exception {
    KeyPair key = KeyPair.random();
    String json = Keystore.encrypt(key, "pass".toCharArray(), Keystore.DEFAULT_SCRYPT_N);
    var crypto = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("crypto");
    assertThat(crypto.get("kdf").asText()).isEqualTo("scrypt");
    assertThat(crypto.get("kdfparams").get("n").asInt()).isEqualTo(262_144);
    assertThat(crypto.get("kdfparams").get("r").asInt()).isEqualTo(8);
    assertThat(crypto.get("cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(Keystore.decrypt(json, "pass".toCharArray())).isEqualTo(key);
  }

  @Test
  void decryptsThePublishedPbkdf2Vector() throws Exception {
    KeyPair key = Keystore.decrypt(PBKDF2_VECTOR, "testpassword".toCharArray());
    assertThat(key.privateKey().bytes().toHexString()).isEqualTo(PRIVATE_KEY);
  }

  @Test
  void roundTripsAndRejectsAWrongPassphrase() throws Exception {
    KeyPair key = KeyPair.random();
    String json = Keystore.encrypt(key, "correct horse".toCharArray(), 1 << 10);
    assertThat(json).doesNotContain(key.privateKey().bytes().toHexString().substring(2));
    assertThat(Keystore.decrypt(json, "correct horse".toCharArray())).isEqualTo(key);
    assertThatThrownBy(() -> Keystore.decrypt(json, "wrong".toCharArray()))
        .hasMessageContaining("wrong passphrase");
  }
}

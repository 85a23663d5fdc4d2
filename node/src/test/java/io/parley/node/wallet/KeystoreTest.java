package io.parley.node.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import org.junit.jupiter.api.Test;

class KeystoreTest {
  private static final String PRIVATE_KEY =
      "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

  /** The scrypt test vector of the Web3 Secret Storage definition (as used by geth and web3). */
  private static final String SCRYPT_VECTOR =
      """
      {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},
      "ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt",
      "kdfparams":{"dklen":32,"n":262144,"r":1,"p":8,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},
      "mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},
      "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
      """;

  /** The PBKDF2 test vector of the same definition. */
  private static final String PBKDF2_VECTOR =
      """
      {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},
      "ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2",
      "kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
      "mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
      "id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
      """;

  @Test
  void decryptsThePublishedScryptVector() throws Exception {
    KeyPair key = Keystore.decrypt(SCRYPT_VECTOR, "testpassword".toCharArray());
    assertThat(key.privateKey().bytes().toHexString()).isEqualTo(PRIVATE_KEY);
    assertThat(key.address().toHexString()).isEqualTo("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b");
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

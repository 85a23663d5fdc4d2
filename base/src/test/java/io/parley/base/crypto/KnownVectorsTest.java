package io.parley.base.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Checks our primitives against values published by other projects, not by our own code. */
class KnownVectorsTest {

  @Test
  void keccakOfEmptyInputIsTheWellKnownValue() {
    assertThat(Hashing.keccak256(Bytes.EMPTY).toHexString())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void addressDerivationMatchesEthereumTools() {
    // The web3.js / ethers documentation key and its published address.
    PrivateKey key =
        PrivateKey.fromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    assertThat(key.publicKey().address())
        .isEqualTo(Address.fromHex("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"));
  }

  @Test
  void signaturesAreLowSAndRecoverTheSigner() {
    for (int i = 1; i <= 50; i++) {
      KeyPair pair = KeyPair.of(PrivateKey.of(Bytes32.leftPad(Bytes.ofUnsignedInt(i * 7919L))));
      Bytes32 message = Hashing.keccak256(Bytes.ofUnsignedInt(i));
      Signature sig = Secp256k1.sign(message, pair.privateKey());
      assertThat(sig.s().toUnsignedBigInteger()).isLessThanOrEqualTo(Secp256k1.HALF_CURVE_ORDER);
      assertThat(Secp256k1.recover(message, sig)).contains(pair.publicKey());
      assertThat(Secp256k1.verify(message, sig, pair.publicKey())).isTrue();
    }
  }

  @Test
  void highSSignaturesAreRejected() {
    KeyPair pair = KeyPair.random();
    Bytes32 message = Hashing.keccak256(Bytes.of(1));
    Signature sig = Secp256k1.sign(message, pair.privateKey());
    Bytes32 highS =
        Bytes32.leftPad(
            Bytes.wrap(Secp256k1.CURVE_ORDER.subtract(sig.s().toUnsignedBigInteger()).toByteArray())
                .trimLeadingZeros());
    Signature malleated = new Signature(sig.r(), highS, 1 - sig.recoveryId());
    assertThat(Secp256k1.recover(message, malleated)).isEmpty();
    assertThat(Secp256k1.verify(message, malleated, pair.publicKey())).isFalse();
  }

  @Test
  void privateKeyNeverPrintsItself() {
    PrivateKey key = PrivateKey.random();
    assertThat(key.toString()).doesNotContain(key.bytes().toHexString().substring(2, 12));
    assertThat(KeyPair.of(key).toString()).doesNotContain(key.bytes().toHexString().substring(2));
  }
}

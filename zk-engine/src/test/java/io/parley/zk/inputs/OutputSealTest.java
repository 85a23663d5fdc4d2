package io.parley.zk.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/** Private-output sealing (docs/spec/private-outputs.md section 3). */
class OutputSealTest {
  private static final KeyPair RECIPIENT = KeyPair.of(PrivateKey.fromHex("0x" + "11".repeat(32)));

  @Test
  void onlyTheRecipientOpensAndOnlyForTheSameContextAndMember() {
    SplittableRandom seed = new SplittableRandom(5);
    RandomBytes random =
        n -> {
          byte[] b = new byte[n];
          seed.nextBytes(b);
          return b;
        };
    Bytes32 context =
        OutputSeal.context(1337, Bytes32.fromHexString("0x" + "ab".repeat(32)), "private_0");
    byte[] shares = Bytes.fromHexString("0x" + "0102030405060708".repeat(4)).toArray();
    OutputSeal.Sealed sealed = OutputSeal.seal(RECIPIENT.publicKey(), context, 2, shares, random);
    assertThat(sealed.ephemeral().size()).isEqualTo(64);
    assertThat(sealed.ciphertext().size()).isEqualTo(shares.length + 16);
    assertThat(sealed.ciphertext().toArray()).isNotEqualTo(shares);

    assertThat(
            OutputSeal.open(
                RECIPIENT.privateKey(), context, 2, sealed.ephemeral(), sealed.ciphertext()))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(shares));
    // another key, another member index, another context, a changed byte: nothing opens
    assertThat(
            OutputSeal.open(
                KeyPair.random().privateKey(), context, 2, sealed.ephemeral(), sealed.ciphertext()))
        .isEmpty();
    assertThat(
            OutputSeal.open(
                RECIPIENT.privateKey(), context, 3, sealed.ephemeral(), sealed.ciphertext()))
        .isEmpty();
    Bytes32 other =
        OutputSeal.context(1337, Bytes32.fromHexString("0x" + "ab".repeat(32)), "private_1");
    assertThat(
            OutputSeal.open(
                RECIPIENT.privateKey(), other, 2, sealed.ephemeral(), sealed.ciphertext()))
        .isEmpty();
    byte[] flipped = sealed.ciphertext().toArray();
    flipped[0] ^= 1;
    assertThat(
            OutputSeal.open(
                RECIPIENT.privateKey(), context, 2, sealed.ephemeral(), Bytes.wrap(flipped)))
        .isEmpty();
    // an ephemeral key off the curve is refused, not an exception
    assertThat(
            OutputSeal.open(
                RECIPIENT.privateKey(), context, 2, Bytes.wrap(new byte[64]), sealed.ciphertext()))
        .isEmpty();
    // a fresh ephemeral key per share: sealing again gives other bytes
    OutputSeal.Sealed again = OutputSeal.seal(RECIPIENT.publicKey(), context, 2, shares, random);
    assertThat(again.ephemeral()).isNotEqualTo(sealed.ephemeral());
  }
}

package io.parley.base.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.encoding.EncodingException;
import io.parley.base.types.Address;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The committed vectors in docs/spec/vectors/transactions.json hold for this implementation. */
class TransactionVectorsTest {
  private static final Path VECTORS = Path.of("../docs/spec/vectors/transactions.json");

  private static JsonNode vectors() throws Exception {
    return new ObjectMapper().readTree(Files.readString(VECTORS));
  }

  @Test
  void validVectorsEncodeSignAndHashExactly() throws Exception {
    JsonNode valid = vectors().get("valid");
    assertThat(valid.size()).isGreaterThanOrEqualTo(4);
    for (JsonNode v : valid) {
      KeyPair pair = KeyPair.of(PrivateKey.fromHex(v.get("privateKey").asText()));
      assertThat(pair.publicKey().toHexString()).isEqualTo(v.get("publicKey").asText());
      assertThat(pair.address().toHexString()).isEqualTo(v.get("sender").asText());
      JsonNode f = v.get("transaction");
      String to = f.get("to").asText();
      assertThat(to).as("byte strings are 0x-prefixed, also when empty").startsWith("0x");
      Transaction tx =
          new Transaction(
              Long.parseLong(f.get("chainId").asText()),
              Long.parseLong(f.get("nonce").asText()),
              TransactionKind.fromCode(f.get("kind").asInt()),
              UInt256.valueOf(new BigInteger(f.get("gasPrice").asText())),
              Long.parseLong(f.get("gasLimit").asText()),
              to.equals("0x") ? Optional.empty() : Optional.of(Address.fromHex(to)),
              UInt256.valueOf(new BigInteger(f.get("value").asText())),
              Bytes.fromHexString(f.get("payload").asText()));
      assertThat(tx.encode().toHexString()).isEqualTo(v.get("unsignedEncoding").asText());
      assertThat(tx.signingHash().toHexString()).isEqualTo(v.get("signingHash").asText());
      SignedTransaction signed = tx.sign(pair);
      assertThat(signed.signature().r().toHexString()).isEqualTo(v.get("r").asText());
      assertThat(signed.signature().s().toHexString()).isEqualTo(v.get("s").asText());
      assertThat(signed.signature().recoveryId()).isEqualTo(v.get("v").asInt());
      assertThat(signed.encoded().toHexString()).isEqualTo(v.get("signedEncoding").asText());
      assertThat(signed.hash().toHexString()).isEqualTo(v.get("hash").asText());

      SignedTransaction decoded =
          SignedTransaction.decode(Bytes.fromHexString(v.get("signedEncoding").asText()), 1 << 20);
      assertThat(decoded).isEqualTo(signed);
      assertThat(decoded.transaction()).isEqualTo(tx);
      assertThat(decoded.sender()).contains(pair.address());
    }
  }

  @Test
  void invalidVectorsAreRejectedWithTheirReason() throws Exception {
    for (JsonNode v : vectors().get("invalid")) {
      Bytes raw = Bytes.fromHexString(v.get("raw").asText());
      String error = v.get("error").asText();
      if (error.equals("invalid signature")) {
        assertThat(SignedTransaction.decode(raw, 1 << 20).sender())
            .as(v.get("description").asText())
            .isEmpty();
      } else {
        assertThatThrownBy(() -> SignedTransaction.decode(raw, 1 << 20))
            .as(v.get("description").asText())
            .isInstanceOf(EncodingException.class)
            .hasMessageContaining(error);
      }
    }
  }

  @Test
  void oversizedTransactionsAreRejectedBeforeDecoding() {
    Bytes big = Bytes.wrap(new byte[2000]);
    assertThatThrownBy(() -> SignedTransaction.decode(big, 1000))
        .isInstanceOf(EncodingException.class)
        .hasMessageContaining("more than the limit of 1000");
  }

  @Test
  void recipientRulesFollowTheKind() {
    assertThatThrownBy(
            () ->
                new Transaction(
                    1,
                    0,
                    TransactionKind.DEPLOY,
                    UInt256.ONE,
                    1,
                    Optional.of(Address.ZERO),
                    UInt256.ZERO,
                    Bytes.EMPTY))
        .hasMessageContaining("must not have a recipient");
  }
}

package io.parley.sdk.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Payloads;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The builders against docs/spec/vectors/transactions.json, and the payload shapes they build. */
class TransactionsTest {
  private static final Path VECTORS = Path.of("../docs/spec/vectors/transactions.json");

  @Test
  void everyValidVectorIsReproducedByTheBuilders() throws Exception {
    JsonNode root = new ObjectMapper().readTree(VECTORS.toFile());
    int checked = 0;
    for (JsonNode v : root.get("valid")) {
      JsonNode t = v.get("transaction");
      KeyPair key = KeyPair.of(PrivateKey.fromHex(v.get("privateKey").asText()));
      TransactionKind kind = TransactionKind.fromCode(t.get("kind").asLong());
      String to = t.get("to").asText();
      UInt256 value = UInt256.valueOf(new BigInteger(t.get("value").asText()));
      Bytes payload = Bytes.fromHexString(t.get("payload").asText());
      TransactionTemplate draft =
          kind == TransactionKind.TRANSFER
              ? Transactions.transfer(Address.fromHex(to), value)
              : Transactions.of(
                  kind,
                  to.equals("0x") ? Optional.empty() : Optional.of(Address.fromHex(to)),
                  value,
                  payload);
      SignedTransaction signed =
          draft
              .withChainId(Long.parseLong(t.get("chainId").asText()))
              .withNonce(Long.parseLong(t.get("nonce").asText()))
              .withGasPrice(UInt256.valueOf(new BigInteger(t.get("gasPrice").asText())))
              .withGasLimit(Long.parseLong(t.get("gasLimit").asText()))
              .sign(key);
      assertThat(signed.transaction().encode().toHexString())
          .as("unsigned encoding of vector %d", checked)
          .isEqualTo(v.get("unsignedEncoding").asText());
      assertThat(signed.transaction().signingHash().toHexString())
          .isEqualTo(v.get("signingHash").asText());
      assertThat(signed.encoded().toHexString()).isEqualTo(v.get("signedEncoding").asText());
      assertThat(signed.hash().toHexString()).isEqualTo(v.get("hash").asText());
      assertThat(signed.sender()).contains(Address.fromHex(v.get("sender").asText()));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void callAndDeployDraftsCarryTheLanguagePayloads() {
    Address contract = Address.fromHex("0x00000000000000000000000000000000000000aa");
    TransactionTemplate call = Transactions.call(contract, "transfer", Bytes.fromHexString("0xc0"));
    Bytes payload = call.payload().build(1, contract, 0);
    assertThat(Payloads.decodeCall(payload).function()).isEqualTo("transfer");
    assertThat(call.kind()).isEqualTo(TransactionKind.CALL);
    assertThat(call.to()).contains(contract);

    TransactionTemplate deploy =
        Transactions.deploy(Bytes.fromHexString("0x0102"), Bytes.fromHexString("0xc0"));
    assertThat(deploy.to()).isEmpty();
    assertThat(Payloads.decodeDeploy(deploy.payload().build(1, contract, 0)).bundle())
        .isEqualTo(Bytes.fromHexString("0x0102"));
    assertThat(Transactions.computationVote(contract, Bytes.EMPTY).kind())
        .isEqualTo(TransactionKind.COMPUTATION_VOTE);
  }

  @Test
  void signingAnIncompleteDraftNamesTheMissingField() {
    TransactionTemplate draft =
        Transactions.transfer(Address.ZERO, UInt256.ONE).withChainId(1).withNonce(0);
    assertThat(draft.isComplete()).isFalse();
    assertThatThrownBy(() -> draft.sign(KeyPair.random()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no gasLimit")
        .hasMessageContaining("ParleyClient.complete");
  }

  @Test
  void aSecretInputPayloadIsBuiltForTheSignerAndNonce() {
    KeyPair key = KeyPair.random();
    Address contract = Address.fromHex("0x00000000000000000000000000000000000000bb");
    TransactionTemplate draft =
        Transactions.secretInput(
                contract,
                (chainId, sender, nonce) ->
                    Bytes.wrap(
                        Bytes.ofUnsignedLong(chainId), sender.bytes(), Bytes.ofUnsignedLong(nonce)))
            .withChainId(7)
            .withNonce(3)
            .withGasPrice(UInt256.ONE)
            .withGasLimit(100_000);
    Bytes payload = draft.sign(key).transaction().payload();
    assertThat(payload)
        .isEqualTo(
            Bytes.wrap(Bytes.ofUnsignedLong(7), key.address().bytes(), Bytes.ofUnsignedLong(3)));
  }
}

package io.parley.sdk.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.Hashing;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiTypes;
import io.parley.contracts.abi.JsonValues;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.sdk.ParleyClient;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ABI-driven encoding and event decoding, checked against the contracts module's own codec. */
class ContractClientTest {
  private static final Address TOKEN =
      Address.fromHex("0x00000000000000000000000000000000000000c0");
  private static final Address BOB = Address.fromHex("0x00000000000000000000000000000000000000b0");
  private static Abi abi;
  private static ContractClient token;

  @BeforeAll
  static void compile() throws Exception {
    abi = ContractCompiler.compile(Path.of("../contracts/examples/Token.par")).bundle().abi();
    token = new ContractClient(ParleyClient.connect("http://127.0.0.1:1/"), TOKEN, abi);
  }

  @Test
  void encodesJavaArgumentsAsTheAbiEncodesTheirJson() throws Exception {
    Bytes encoded = token.encodeArguments("transfer", BOB, BigInteger.valueOf(250));
    Bytes expected =
        JsonValues.encodeArguments(
            new AbiTypes(abi.structs()),
            abi.action("transfer").orElseThrow().inputs(),
            new ObjectMapper().readTree("[\"" + BOB.toHexString() + "\", \"250\"]"));
    assertThat(encoded).isEqualTo(expected);
    assertThat(token.encodeArguments("transfer", BOB, 250L)).isEqualTo(expected);

    Bytes payload = token.callDraft("transfer", BOB, 250).payload().build(1, BOB, 0);
    assertThat(Payloads.decodeCall(payload).function()).isEqualTo("transfer");
    assertThat(Payloads.decodeCall(payload).arguments()).isEqualTo(expected);
  }

  @Test
  void argumentsThatDoNotFitTheAbiNameTheParameter() {
    assertThatThrownBy(() -> token.encodeArguments("transfer", BOB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("transfer takes 2 argument(s) [to: address, amount: u256], got 1");
    assertThatThrownBy(() -> token.encodeArguments("transfer", BOB, BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount");
    assertThatThrownBy(() -> token.encodeArguments("mint", BOB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no action 'mint'")
        .hasMessageContaining("transfer_from");
    assertThatThrownBy(() -> token.encodeArguments("transfer", BOB, 1.5))
        .hasMessage("a Double is not a contract value");
  }

  @Test
  void storageKeysFollowTheLanguageLayout() {
    Bytes32 slot =
        Hashing.keccak256(
            Bytes.wrap("parley-slot-v1".getBytes(StandardCharsets.US_ASCII)),
            Bytes.wrap("balances".getBytes(StandardCharsets.US_ASCII)));
    assertThat(token.storageKey("balances", BOB))
        .isEqualTo(Hashing.keccak256(slot, Bytes32.leftPad(BOB.bytes())));
    assertThat(token.storageKey("balances")).isEqualTo(slot);
    assertThatThrownBy(() -> token.storageKey("owners"))
        .hasMessage("contract Token has no state variable 'owners'");
  }

  @Test
  void decodesAnEventWithIndexedAndDataFields() {
    Abi.EventDef transfer = abi.event("Transfer").orElseThrow();
    assertThat(transfer.topic())
        .isEqualTo(
            Hashing.keccak256(
                    Bytes.wrap(
                        "Transfer(address,address,u256)".getBytes(StandardCharsets.US_ASCII)))
                .toHexString());
    Bytes data =
        Values.encodeList(
            List.of(new Type.Int(256, false, false)), List.of(BigInteger.valueOf(250)));
    List<Bytes32> topics =
        List.of(
            Bytes32.fromHexString(transfer.topic()),
            Bytes32.leftPad(TOKEN.bytes()),
            Bytes32.leftPad(BOB.bytes()));

    ContractClient.DecodedEvent event = token.decode(topics, data).orElseThrow();

    assertThat(event.name()).isEqualTo("Transfer");
    assertThat(event.fields())
        .containsExactly(
            java.util.Map.entry("from", TOKEN),
            java.util.Map.entry("to", BOB),
            java.util.Map.entry("amount", BigInteger.valueOf(250)));
    assertThat(token.decode(List.of(Bytes32.ZERO), Bytes.EMPTY)).isEmpty();
  }
}

package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.AbiBuilder;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compile, deploy over RPC, call, read events and views on the running node, and restart. */
class ContractEndToEndTest {
  static final Type U256 = new Type.Int(256, false, false);

  @TempDir Path dir;

  static SignedTransaction contractTx(
      KeyPair from, long nonce, TransactionKind kind, Optional<Address> to, Bytes payload) {
    return new Transaction(
            TestNetwork.CHAIN_ID, nonce, kind, UInt256.ONE, 3_000_000, to, UInt256.ZERO, payload)
        .sign(from);
  }

  static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    JsonNode[] receipt = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              try {
                receipt[0] = client.call("tx_getReceipt", tx.hash().toHexString());
                return true;
              } catch (RpcClientException e) {
                return false;
              }
            });
    return receipt[0];
  }

  static BigInteger balance(RpcClient client, Address a) throws RpcClientException {
    return new BigInteger(
        client.call("state_getAccount", a.toHexString()).get("balance").asText().substring(2), 16);
  }

  @Test
  void tokenDeploysTransfersEmitsAndAnswersViewsAcrossARestart() throws Exception {
    CompiledContract token = ContractCompiler.compile(Path.of("../contracts/examples/Token.par"));
    TestNetwork network = TestNetwork.create(dir, 1);
    KeyPair alice = network.accounts().get(0);
    Address bob = KeyPair.random().address();
    Address contract = Payloads.contractAddress(alice.address(), 0);
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Bytes init =
          Values.encodeList(
              List.of(new Type.BytesT(), new Type.BytesT(), U256),
              List.of(
                  Bytes.wrap("Parley".getBytes()),
                  Bytes.wrap("PAR".getBytes()),
                  BigInteger.valueOf(1_000_000)));
      JsonNode deployed =
          send(
              client,
              contractTx(
                  alice,
                  0,
                  TransactionKind.DEPLOY,
                  Optional.empty(),
                  Payloads.deploy(token.bundle().encode(), init)));
      assertThat(deployed.get("status").asText()).as(deployed.toString()).isEqualTo("0x1");
      assertThat(deployed.get("events")).hasSize(1);
      JsonNode account = client.call("state_getAccount", contract.toHexString());
      assertThat(account.get("codeHash").asText())
          .isEqualTo(token.bundle().codeHash().toHexString());
      assertThat(client.call("contract_getAbi", contract.toHexString()).get("contract").asText())
          .isEqualTo("Token");
      assertThat(client.call("contract_getCode", contract.toHexString()).get("wasm").asText())
          .isEqualTo(token.wasm().toHexString());

      Bytes args =
          Values.encodeList(
              List.of(new Type.AddressT(), U256), List.of(bob, BigInteger.valueOf(250)));
      JsonNode called =
          send(
              client,
              contractTx(
                  alice,
                  1,
                  TransactionKind.CALL,
                  Optional.of(contract),
                  Payloads.call("transfer", args)));
      assertThat(called.get("status").asText()).as(called.toString()).isEqualTo("0x1");
      JsonNode event = called.get("events").get(0);
      assertThat(event.get("source").asText()).isEqualTo(contract.toHexString());
      assertThat(event.get("topics").get(0).asText())
          .isEqualTo(AbiBuilder.topic("Transfer(address,address,u256)"));
      assertThat(event.get("topics").get(2).asText()).endsWith(bob.toHexString().substring(2));
      assertThat(query(client, contract, bob)).isEqualTo("250");

      BigInteger before = balance(client, alice.address());
      Bytes tooMuch =
          Values.encodeList(
              List.of(new Type.AddressT(), U256), List.of(bob, BigInteger.TEN.pow(9)));
      JsonNode failed =
          send(
              client,
              contractTx(
                  alice,
                  2,
                  TransactionKind.CALL,
                  Optional.of(contract),
                  Payloads.call("transfer", tooMuch)));
      assertThat(failed.get("status").asText()).isEqualTo("0x0");
      assertThat(failed.get("failureReason").asText()).isEqualTo("insufficient balance");
      long gasUsed = Long.parseLong(failed.get("gasUsed").asText().substring(2), 16);
      assertThat(gasUsed).isGreaterThan(21_000);
      assertThat(balance(client, alice.address()))
          .isEqualTo(before.subtract(BigInteger.valueOf(gasUsed)));
      assertThat(query(client, contract, bob)).isEqualTo("250");
      assertThatThrownBy(
              () -> client.call("contract_query", bob.toHexString(), "balance_of", List.of()))
          .hasMessageContaining("no contract at");
    }
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      assertThat(query(client, contract, bob)).isEqualTo("250");
      assertThat(query(client, contract, alice.address())).isEqualTo("999750");
    }
  }

  static String query(RpcClient client, Address contract, Address who) throws RpcClientException {
    var args =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .arrayNode()
            .add(who.toHexString());
    return client
        .call("contract_query", contract.toHexString(), "balance_of", args)
        .get("value")
        .asText();
  }
}

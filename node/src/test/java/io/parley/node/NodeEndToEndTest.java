package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real node (RocksDB, Netty, an ephemeral port) used over HTTP, and restarted. */
class NodeEndToEndTest {
  @TempDir Path dir;

  private static BigInteger balance(RpcClient client, Address address) throws RpcClientException {
    return new BigInteger(
        client.call("state_getAccount", address.toHexString()).get("balance").asText().substring(2),
        16);
  }

  private static JsonNode awaitReceipt(RpcClient client, SignedTransaction tx) {
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

  @Test
  void signedTransfersCommitAndSurviveARestart() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 2);
    KeyPair alice = network.accounts().get(0);
    Address bob = KeyPair.random().address();
    List<SignedTransaction> sent = new ArrayList<>();
    JsonNode headBefore;
    BigInteger aliceBalance;
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      assertThat(client.call("eth_chainId").asText()).isEqualTo("0x539");
      for (int nonce = 0; nonce < 5; nonce++) {
        SignedTransaction tx = TestNetwork.transfer(alice, nonce, bob, 1_000 + nonce);
        assertThat(client.call("tx_send", tx.encoded().toHexString()).asText())
            .isEqualTo(tx.hash().toHexString());
        sent.add(tx);
      }
      for (SignedTransaction tx : sent) {
        JsonNode receipt = awaitReceipt(client, tx);
        assertThat(receipt.get("status").asText()).isEqualTo("0x1");
        assertThat(receipt.get("gasUsed").asText()).isEqualTo("0x5208");
      }
      assertThat(balance(client, bob))
          .isEqualTo(BigInteger.valueOf(1_000 + 1_001 + 1_002 + 1_003 + 1_004));
      aliceBalance = balance(client, alice.address());
      assertThat(aliceBalance)
          .isEqualTo(
              TestNetwork.FUNDS.toBigInteger().subtract(BigInteger.valueOf(5_010 + 5 * 21_000)));
      JsonNode tx = client.call("tx_get", sent.get(2).hash().toHexString());
      assertThat(tx.get("status").asText()).isEqualTo("committed");
      assertThat(tx.get("from").asText()).isEqualTo(alice.address().toHexString());
      headBefore = client.call("chain_head");
      JsonNode block = client.call("chain_getBlockByNumber", tx.get("blockNumber").asText(), true);
      assertThat(block.get("certificate").get("votes")).hasSize(1);
      assertThat(block.get("transactions").get(0).get("hash").asText()).isNotEmpty();
    }

    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      JsonNode headAfter = client.call("chain_getBlockByNumber", headBefore.get("number").asText());
      assertThat(headAfter.get("hash")).isEqualTo(headBefore.get("hash"));
      assertThat(balance(client, bob)).isEqualTo(BigInteger.valueOf(5_010));
      assertThat(balance(client, alice.address())).isEqualTo(aliceBalance);
      for (SignedTransaction tx : sent) {
        assertThat(client.call("tx_getReceipt", tx.hash().toHexString()).get("status").asText())
            .isEqualTo("0x1");
      }
      // The chain goes on after the restart.
      SignedTransaction next = TestNetwork.transfer(alice, 5, bob, 1);
      client.call("tx_send", next.encoded().toHexString());
      assertThat(awaitReceipt(client, next).get("status").asText()).isEqualTo("0x1");
    }
  }
}

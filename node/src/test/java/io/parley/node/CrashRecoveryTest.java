package io.parley.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.state.Account;
import io.parley.base.trie.MerkleProof;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a node process while it commits blocks under load: after a restart no committed block
 * is lost, receipts are intact and the head's state verifies (the node also re-executes its head
 * block at start-up and refuses to start if the state root does not recompute).
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void killDashNineLosesNoCommittedBlock() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 20);
    Path log = dir.resolve("node.log");
    int port = NodeProcess.freePort();
    Map<Long, String> seenBlocks = new HashMap<>();
    List<SignedTransaction> committed = new ArrayList<>();
    long[] nonces = new long[network.accounts().size()];
    Address sink = KeyPair.random().address();

    for (int crash = 0; crash < 3; crash++) {
      NodeProcess node = NodeProcess.start(network, port, log);
      RpcClient client = node.client();
      verifyEarlierBlocks(client, seenBlocks, committed);
      AtomicBoolean stop = new AtomicBoolean();
      List<SignedTransaction> sent = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread load =
          Thread.ofPlatform()
              .start(() -> sendLoad(client, network.accounts(), nonces, sink, sent, stop));
      long startHeight = head(client);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> head(client) >= startHeight + 4);
      // Record what the node reported as committed, then kill it in the middle of the load.
      long seenHeight = head(client);
      for (long h = 1; h <= seenHeight; h++) {
        seenBlocks.putIfAbsent(
            h,
            client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h)).get("hash").asText());
      }
      for (SignedTransaction tx : List.copyOf(sent)) {
        try {
          client.call("tx_getReceipt", tx.hash().toHexString());
          committed.add(tx);
        } catch (RpcClientException pending) {
          // not committed yet when we looked: it may or may not survive, both are correct
        }
      }
      node.kill();
      stop.set(true);
      load.join();
      // Resynchronise the senders' nonces with what was committed, after the restart.
      NodeProcess restarted = NodeProcess.start(network, port, log);
      for (int i = 0; i < nonces.length; i++) {
        nonces[i] =
            Long.decode(
                restarted
                    .client()
                    .call("state_getAccount", network.accounts().get(i).address().toHexString())
                    .get("nonce")
                    .asText());
      }
      restarted.kill();
    }
    NodeProcess last = NodeProcess.start(network, port, log);
    try {
      verifyEarlierBlocks(last.client(), seenBlocks, committed);
      assertThat(committed).isNotEmpty();
      verifyHeadState(last.client(), network.accounts().get(0).address());
    } finally {
      last.close();
    }
  }

  private static void verifyEarlierBlocks(
      RpcClient client, Map<Long, String> seenBlocks, List<SignedTransaction> committed)
      throws RpcClientException {
    long head = head(client);
    for (Map.Entry<Long, String> seen : seenBlocks.entrySet()) {
      assertThat(head).isGreaterThanOrEqualTo(seen.getKey());
      JsonNode block =
          client.call("chain_getBlockByNumber", "0x" + Long.toHexString(seen.getKey()));
      assertThat(block.get("hash").asText())
          .as("block %d", seen.getKey())
          .isEqualTo(seen.getValue());
    }
    for (SignedTransaction tx : committed) {
      assertThat(client.call("tx_getReceipt", tx.hash().toHexString()).get("status").asText())
          .isEqualTo("0x1");
    }
  }

  /** The head's state root commits to the account the node reports (checked by a Merkle proof). */
  private static void verifyHeadState(RpcClient client, Address address) throws RpcClientException {
    JsonNode proof = client.call("state_getProof", address.toHexString());
    List<Bytes32> siblings = new ArrayList<>();
    proof.get("siblings").forEach(s -> siblings.add(Bytes32.fromHexString(s.asText())));
    MerkleProof merkle =
        new MerkleProof(
            Bytes32.fromHexString(proof.get("key").asText()),
            Optional.of(Bytes32.fromHexString(proof.get("leafKey").asText())),
            Optional.of(Bytes.fromHexString(proof.get("leafValue").asText())),
            siblings);
    JsonNode head = client.call("chain_getBlockByNumber", proof.get("blockNumber").asText());
    assertThat(merkle.verify(Bytes32.fromHexString(head.get("stateRoot").asText()))).isTrue();
    Account account = Account.decode(merkle.value().orElseThrow());
    JsonNode reported =
        client.call("state_getAccount", address.toHexString(), proof.get("blockNumber").asText());
    assertThat("0x" + Long.toHexString(account.nonce())).isEqualTo(reported.get("nonce").asText());
  }

  private static void sendLoad(
      RpcClient client,
      List<KeyPair> accounts,
      long[] nonces,
      Address sink,
      List<SignedTransaction> sent,
      AtomicBoolean stop) {
    while (!stop.get()) {
      List<String> methods = new ArrayList<>();
      List<Object[]> params = new ArrayList<>();
      List<SignedTransaction> batch = new ArrayList<>();
      for (int i = 0; i < accounts.size(); i++) {
        SignedTransaction tx = TestNetwork.transfer(accounts.get(i), nonces[i], sink, 1);
        batch.add(tx);
        methods.add("tx_send");
        params.add(new Object[] {tx.encoded().toHexString()});
      }
      try {
        List<Object> results = client.batch(methods, params);
        for (int i = 0; i < results.size(); i++) {
          if (!(results.get(i) instanceof RpcClientException)) {
            nonces[i]++;
            sent.add(batch.get(i));
          }
        }
      } catch (RpcClientException e) {
        return; // the node was killed
      }
    }
  }

  private static long head(RpcClient client) throws RpcClientException {
    return Long.decode(client.call("chain_head").get("number").asText());
  }
}

package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.parley.base.block.Block;
import io.parley.base.block.Receipt;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.node.ParleyNode;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.ExecutionResult;
import io.parley.node.storage.TransactionLocation;
import io.parley.node.testing.TestNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out on the caller's thread (no fan-out thread, an embedded channel for a connection),
 * over a chain of three committed blocks: the commit path hands blocks to a bounded queue without
 * ever waiting, and a block the full queue refused is still published, in order.
 */
class SubscriptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ParleyNode node;

  @BeforeAll
  static void commitThreeBlocks() throws Exception {
    TestNetwork network = TestNetwork.createQuiet(dir, 1);
    KeyPair alice = network.accounts().get(0);
    node = network.start();
    for (int nonce = 0; nonce < 3; nonce++) {
      SignedTransaction tx = TestNetwork.transfer(alice, nonce, KeyPair.random().address(), 1);
      TestNetwork.client(node).call("tx_send", tx.encoded().toHexString());
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> node.chain().transactionLocation(tx.hash()).isPresent());
    }
    assertThat(node.chain().head().height()).isEqualTo(3);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aBlockTheFullQueueRefusedIsReadBackFromTheChainAndPublishedInOrder() throws Exception {
    Subscriptions hub =
        new Subscriptions(node.chain(), node.mempool(), WebSocketLimits.DEFAULTS, 1);
    EmbeddedChannel channel = new EmbeddedChannel();
    WebSocketConnection connection =
        new WebSocketConnection(channel, WebSocketLimits.DEFAULTS, hub);
    hub.register(connection);
    connection.subscribe(new SubscriptionKind.NewHeads()).release();
    hub.publishAfter(0);

    for (long height = 1; height <= 3; height++) {
      hub.blockCommitted(committed(height)); // the queue holds one: 2 and 3 are refused at once
    }
    assertThat(hub.publishNext()).isTrue();
    assertThat(hub.publishNext()).as("nothing else was queued").isFalse();

    List<Long> heads = new ArrayList<>();
    for (TextWebSocketFrame frame; (frame = channel.readOutbound()) != null; frame.release()) {
      heads.add(
          Long.decode(
              JSON.readTree(frame.text()).get("params").get("result").get("number").asText()));
    }
    assertThat(heads).containsExactly(1L, 2L, 3L);
  }

  private static Blockchain.CommittedBlock committed(long height) {
    Blockchain chain = node.chain();
    Block block = chain.blockByHeight(height).orElseThrow();
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < block.transactions().size(); i++) {
      receipts.add(chain.receipt(new TransactionLocation(block.hash(), height, i)).orElseThrow());
    }
    return new Blockchain.CommittedBlock(
        block,
        chain.certificate(block.hash()),
        new ExecutionResult(
            block.header().stateRoot(), receipts, block.header().gasUsed(), Map.of(), Map.of()));
  }
}

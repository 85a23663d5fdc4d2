package io.parley.node.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A close the node starts reaches every subscription with its code and reason. */
class NettyWebSocketCloseTest {
  @TempDir Path dir;

  @Test
  void nodeShuttingDownEndsSubscriptionsWithItsCloseCode() throws Exception {
    ParleyNode node = TestNetwork.create(dir, 1).start();
    URI uri = URI.create("ws://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/");
    try (NettyClients clients = new NettyClients();
        SubscriptionClient ws = clients.subscriptionClient(uri, Duration.ofSeconds(10))) {
      SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY);
      assertThat(heads.next(Duration.ofSeconds(10))).isPresent();
      node.close();
      assertThatThrownBy(
              () -> {
                while (true) {
                  heads.next(Duration.ofSeconds(10));
                }
              })
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("closed by the node with code 1001 (node shutting down)");
      assertThatThrownBy(() -> ws.call("chain_head"))
          .isInstanceOf(RpcClientException.class)
          .hasMessageContaining("is closed: closed by the node");
    } finally {
      node.close();
    }
  }
}

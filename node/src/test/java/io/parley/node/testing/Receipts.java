package io.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.tx.SignedTransaction;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.time.Duration;

/** Waiting for a transaction's receipt over RPC. */
public final class Receipts {
  private Receipts() {}

  /** The receipt of {@code tx}, once its block is committed (at most 30 s). */
  public static JsonNode await(RpcClient client, SignedTransaction tx) {
    JsonNode[] receipt = new JsonNode[1];
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
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
}

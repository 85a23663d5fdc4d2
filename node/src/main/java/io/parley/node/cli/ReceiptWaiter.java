package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.time.Duration;

/** {@code --wait}: polls a transaction's receipt until it is committed. */
final class ReceiptWaiter {
  private ReceiptWaiter() {}

  /** Waits up to 60 s for the receipt, prints it, and returns 0 on success, 1 on failure. */
  static int await(RpcClient client, String hash) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        JsonNode receipt = client.call("tx_getReceipt", hash);
        boolean ok = "0x1".equals(receipt.get("status").asText());
        System.out.println(
            (ok ? "committed" : "failed")
                + " in block "
                + Long.decode(receipt.get("blockNumber").asText())
                + ", gas used "
                + Long.decode(receipt.get("gasUsed").asText())
                + (ok ? "" : ": " + receipt.get("failureReason").asText()));
        receipt.get("events").forEach(e -> System.out.println("event " + e));
        return ok ? 0 : 1;
      } catch (RpcClientException e) {
        if (e.code() != io.parley.node.rpc.RpcErrors.TRANSACTION_PENDING) {
          throw new CliException(e.getMessage());
        }
      }
      Thread.sleep(100);
    }
    throw new CliException("not committed after 60 s; check later with: parley tx status " + hash);
  }
}

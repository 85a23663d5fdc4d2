package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.node.rpc.RpcErrors;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley tx status HASH} (also {@code parley wallet tx status HASH}). */
@Command(
    name = "tx",
    mixinStandardHelpOptions = true,
    description = "Inspect transactions.",
    subcommands = TxCommand.Status.class)
public final class TxCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints whether a transaction is pending, committed (with its receipt) or unknown. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a transaction's status and receipt.")
  static final class Status implements Callable<Integer> {
    @Mixin RpcOptions rpc;

    @Parameters(index = "0", description = "Transaction hash (0x...).")
    String hash;

    @Override
    public Integer call() {
      RpcClient client = rpc.client();
      try {
        JsonNode tx = client.call("tx_get", hash);
        System.out.println("transaction " + hash);
        System.out.println("  status    " + tx.get("status").asText());
        System.out.println(
            "  from      "
                + tx.get("from").asText()
                + "  nonce "
                + Long.decode(tx.get("nonce").asText()));
        System.out.println("  to        " + tx.path("to").asText("-"));
        if ("committed".equals(tx.get("status").asText())) {
          JsonNode receipt = client.call("tx_getReceipt", hash);
          boolean ok = "0x1".equals(receipt.get("status").asText());
          System.out.println(
              "  block     "
                  + Long.decode(receipt.get("blockNumber").asText())
                  + " ("
                  + receipt.get("blockHash").asText()
                  + ")");
          System.out.println(
              "  result    "
                  + (ok ? "success" : "failed: " + receipt.get("failureReason").asText()));
          System.out.println("  gas used  " + Long.decode(receipt.get("gasUsed").asText()));
        }
        return 0;
      } catch (RpcClientException e) {
        if (e.code() == RpcErrors.TRANSACTION_NOT_FOUND) {
          System.out.println("transaction " + hash + ": unknown to this node");
          return 1;
        }
        throw new CliException(e.getMessage());
      }
    }
  }
}

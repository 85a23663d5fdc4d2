package io.parley.node.cli;

import io.parley.node.rpc.client.NettyClients;
import io.parley.sdk.rpc.RpcClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --rpc} option shared by client commands (env: PARLEY_RPC). */
public final class RpcOptions {
  @Option(
      names = "--rpc",
      defaultValue = "http://127.0.0.1:8645/",
      description = "Node JSON-RPC URL (default: ${DEFAULT-VALUE}).")
  String rpc;

  /** The URL as given. */
  String url() {
    return rpc;
  }

  RpcClient client() {
    URI uri;
    try {
      uri = URI.create(rpc);
    } catch (IllegalArgumentException e) {
      throw new CliException("--rpc is not a URL: " + rpc);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new CliException("--rpc must be an http:// or https:// URL");
    }
    return NettyClients.shared().rpcClient(uri, Duration.ofSeconds(30));
  }
}

package io.parley.sdk.rpc;

import java.net.URI;

/**
 * How an {@link RpcClient} carries one JSON-RPC body to a node and brings the answer back. The
 * SDK's own {@link JdkHttpTransport} uses the JDK's HTTP client, so wallets need no network
 * library; the node's processes plug in a Netty one (docs/adr/0048-netty-rpc-client.md). Safe to
 * call from several threads at once.
 */
public interface RpcTransport extends AutoCloseable {
  /** The node's JSON-RPC URL. */
  URI endpoint();

  /**
   * POSTs {@code body} as {@code application/json} and returns the response body, empty when there
   * is none (a batch of notifications). The HTTP status is not an error by itself: the node answers
   * a refused request (bad Host, busy, wrong path) with a JSON-RPC error body, which the caller
   * reads.
   *
   * @throws RpcClientException with code 0 when the node cannot be reached or does not answer
   */
  String post(String body) throws RpcClientException;

  /** Releases the connections; calls after this fail. */
  @Override
  void close();
}

package io.parley.node.rpc;

import io.parley.node.execution.contract.QueryLimits;
import java.util.List;
import java.util.Objects;

/**
 * JSON-RPC server settings.
 *
 * @param host interface to bind (127.0.0.1 by default: never exposed unless asked)
 * @param port TCP port (0 picks a free one)
 * @param hostAllowlist accepted Host header names ("*" accepts any); guards against DNS rebinding
 * @param corsOrigins origins allowed by CORS; empty disables CORS headers entirely
 * @param maxBodyBytes largest request body
 * @param maxBatchSize most calls in one batch
 * @param timeoutMillis longest a request may take before it is answered with an error
 * @param workerThreads threads executing calls
 * @param maxQueuedRequests requests waiting for a worker before the server answers "busy"
 * @param webSocket bounds of WebSocket connections on the same port
 * @param maxConnectionsPerAddress open connections (HTTP and WebSocket) of one client address; the
 *     next is answered 429 with error 4292
 * @param queryLimits gas and time of one {@code contract_query} or {@code tx_estimateGas} (ADR
 *     0045)
 */
public record RpcServerConfig(
    String host,
    int port,
    List<String> hostAllowlist,
    List<String> corsOrigins,
    int maxBodyBytes,
    int maxBatchSize,
    long timeoutMillis,
    int workerThreads,
    int maxQueuedRequests,
    WebSocketLimits webSocket,
    int maxConnectionsPerAddress,
    QueryLimits queryLimits) {

  public static final int DEFAULT_PORT = 8645;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;

  public RpcServerConfig {
    hostAllowlist = List.copyOf(hostAllowlist);
    corsOrigins = List.copyOf(corsOrigins);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("RPC port must be in [0, 65535]");
    }
    if (maxBodyBytes < 1024
        || maxBatchSize < 1
        || timeoutMillis < 1
        || workerThreads < 1
        || maxQueuedRequests < 1) {
      throw new IllegalArgumentException("RPC limits must be positive (body at least 1024 bytes)");
    }
    Objects.requireNonNull(webSocket, "webSocket");
    if (maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("RPC connections per address must be at least 1");
    }
    Objects.requireNonNull(queryLimits, "queryLimits");
  }

  /** Settings with the default query limits. */
  public RpcServerConfig(
      String host,
      int port,
      List<String> hostAllowlist,
      List<String> corsOrigins,
      int maxBodyBytes,
      int maxBatchSize,
      long timeoutMillis,
      int workerThreads,
      int maxQueuedRequests,
      WebSocketLimits webSocket,
      int maxConnectionsPerAddress) {
    this(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        webSocket,
        maxConnectionsPerAddress,
        QueryLimits.DEFAULTS);
  }

  /** Settings with the default cap of connections per client address. */
  public RpcServerConfig(
      String host,
      int port,
      List<String> hostAllowlist,
      List<String> corsOrigins,
      int maxBodyBytes,
      int maxBatchSize,
      long timeoutMillis,
      int workerThreads,
      int maxQueuedRequests,
      WebSocketLimits webSocket) {
    this(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        webSocket,
        DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
  }

  /** Settings with the default WebSocket limits. */
  public RpcServerConfig(
      String host,
      int port,
      List<String> hostAllowlist,
      List<String> corsOrigins,
      int maxBodyBytes,
      int maxBatchSize,
      long timeoutMillis,
      int workerThreads,
      int maxQueuedRequests) {
    this(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        WebSocketLimits.DEFAULTS);
  }

  /** These settings with other WebSocket limits. */
  public RpcServerConfig withWebSocket(WebSocketLimits limits) {
    return new RpcServerConfig(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        limits,
        maxConnectionsPerAddress,
        queryLimits);
  }

  /** These settings with another cap of connections per client address. */
  public RpcServerConfig withMaxConnectionsPerAddress(int cap) {
    return new RpcServerConfig(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        webSocket,
        cap,
        queryLimits);
  }

  /** These settings with other bounds of views and estimates. */
  public RpcServerConfig withQueryLimits(QueryLimits limits) {
    return new RpcServerConfig(
        host,
        port,
        hostAllowlist,
        corsOrigins,
        maxBodyBytes,
        maxBatchSize,
        timeoutMillis,
        workerThreads,
        maxQueuedRequests,
        webSocket,
        maxConnectionsPerAddress,
        limits);
  }

  public static RpcServerConfig defaults() {
    return new RpcServerConfig(
        "127.0.0.1",
        DEFAULT_PORT,
        List.of("localhost", "127.0.0.1", "::1"),
        List.of(),
        5 * 1024 * 1024,
        1_000,
        10_000,
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        1_024);
  }
}

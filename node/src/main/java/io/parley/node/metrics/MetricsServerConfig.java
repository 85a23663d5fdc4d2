package io.parley.node.metrics;

import java.util.Objects;

/**
 * Where the Prometheus metrics endpoint listens (docs/metrics.md).
 *
 * @param host interface to bind (127.0.0.1 by default: never exposed unless asked)
 * @param port TCP port (0 picks a free one)
 */
public record MetricsServerConfig(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9545;

  public MetricsServerConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("--metrics-host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--metrics-port must be in [0, 65535]");
    }
  }
}

package io.parley.node.metrics;

import io.parley.node.rpc.RpcCallObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.Set;

/**
 * JSON-RPC call latency and errors per method. The method label takes only the node's own method
 * names, fixed at start; any other name a caller sends is counted as {@value #UNKNOWN_METHOD}, so
 * callers cannot create series.
 */
final class RpcMetrics implements RpcCallObserver {
  static final String UNKNOWN_METHOD = "unknown";
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Set<String> methods;
  private final Histogram duration;
  private final Counter errors;

  RpcMetrics(PrometheusRegistry registry, Collection<String> methods) {
    this.methods = Set.copyOf(methods);
    if (this.methods.contains(UNKNOWN_METHOD)) {
      throw new IllegalArgumentException("an RPC method may not be named " + UNKNOWN_METHOD);
    }
    duration =
        Histogram.builder()
            .name("parley_rpc_request_duration_seconds")
            .help(
                "Time to execute a JSON-RPC call (HTTP or WebSocket), per method; method=\""
                    + UNKNOWN_METHOD
                    + "\" counts calls of methods the node does not have")
            .unit(Unit.SECONDS)
            .labelNames("method")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .withoutExemplars()
            .register(registry);
    errors =
        Counter.builder()
            .name("parley_rpc_errors")
            .help("JSON-RPC calls answered with an error, per method")
            .labelNames("method")
            .withoutExemplars()
            .register(registry);
  }

  @Override
  public void called(String method, boolean failed, long nanos) {
    String label = methods.contains(method) ? method : UNKNOWN_METHOD;
    duration.labelValues(label).observe(Unit.nanosToSeconds(nanos));
    if (failed) {
      errors.labelValues(label).inc();
    }
  }
}

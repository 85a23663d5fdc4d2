package io.parley.node.metrics;

import io.parley.node.chain.Blockchain;
import io.parley.node.chain.ComputationStatuses;
import io.parley.node.consensus.ConsensusObserver;
import io.parley.node.mempool.Mempool;
import io.parley.node.p2p.P2pNetwork;
import io.parley.node.rpc.RpcCallObserver;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.Map;

/**
 * A node's Prometheus metrics (docs/metrics.md, ADR 0009). Each node has its own registry, so two
 * nodes in one process keep theirs apart. Gauges read their source when scraped; the consensus and
 * RPC metrics are fed by the observers handed to the consensus driver and the JSON-RPC processor.
 * Protocol cores know nothing of this: everything is observed in the node.
 */
public final class NodeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ConsensusMetrics consensus = new ConsensusMetrics(registry);

  public NodeMetrics(Blockchain chain, Mempool mempool) {
    GaugeWithCallback.builder()
        .name("parley_chain_height")
        .help("Height of the last committed block")
        .callback(c -> c.call(chain.head().height()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("parley_mempool_transactions")
        .help("Transactions waiting in the mempool")
        .callback(c -> c.call(mempool.size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("parley_mempool_bytes")
        .help("Encoded size of the transactions waiting in the mempool")
        .unit(Unit.BYTES)
        .callback(c -> c.call(mempool.bytes()))
        .register(registry);
    ComputationStatuses computations = new ComputationStatuses();
    GaugeWithCallback.builder()
        .name("parley_computations")
        .help(
            "Confidential computations in the registry at the head, by status (queued, retried,"
                + " done, failed)")
        .labelNames("status")
        .callback(
            c -> {
              Map<String, Long> counts;
              synchronized (computations) {
                computations.advance(ComputationStatuses.registryAt(chain, chain.head()));
                counts = computations.counts();
              }
              counts.forEach((status, n) -> c.call(n, status));
            })
        .register(registry);
  }

  /** What the consensus driver reports to. */
  public ConsensusObserver consensus() {
    return consensus;
  }

  /** What the JSON-RPC processor reports to; {@code methods} are the node's method names. */
  public RpcCallObserver rpc(Collection<String> methods) {
    return new RpcMetrics(registry, methods);
  }

  /** Adds the validator network's metrics (a node with several validators has one). */
  public void watch(P2pNetwork network) {
    GaugeWithCallback.builder()
        .name("parley_p2p_peers")
        .help("Validators this node is connected to (authenticated sessions)")
        .callback(c -> c.call(network.connectedPeers()))
        .register(registry);
    CounterWithCallback.builder()
        .name("parley_p2p_dropped_frames")
        .help("Frames not sent because the peer's queue was full")
        .callback(c -> c.call(network.droppedFrames()))
        .register(registry);
    CounterWithCallback.builder()
        .name("parley_p2p_dropped_peers")
        .help("Connections closed because the peer misbehaved (failed handshake, bad frame)")
        .callback(c -> c.call(network.droppedPeers()))
        .register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}

package io.parley.node.metrics;

import io.parley.node.consensus.ConsensusObserver;
import io.parley.node.consensus.ConsensusPosition;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** Consensus progress and block commits, fed by the consensus driver on its thread. */
final class ConsensusMetrics implements ConsensusObserver {
  private static final double[] COMMIT_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Gauge height;
  private final Gauge round;
  private final Counter blocks;
  private final Counter transactions;
  private final Histogram commitSeconds;

  ConsensusMetrics(PrometheusRegistry registry) {
    height =
        Gauge.builder()
            .name("parley_consensus_height")
            .help("Height consensus is deciding (the head's height + 1 once the head is committed)")
            .register(registry);
    round =
        Gauge.builder()
            .name("parley_consensus_round")
            .help("Consensus round at the height being decided (always 0 with one validator)")
            .register(registry);
    blocks =
        Counter.builder()
            .name("parley_blocks_committed")
            .help("Blocks committed by this node since it started")
            .withoutExemplars()
            .register(registry);
    transactions =
        Counter.builder()
            .name("parley_transactions_committed")
            .help("Transactions in the blocks committed since the node started (rate() gives tx/s)")
            .withoutExemplars()
            .register(registry);
    commitSeconds =
        Histogram.builder()
            .name("parley_block_commit_seconds")
            .help(
                "Time to commit a block: execution if it was not executed before, the write"
                    + " (synced behind the head) and the mempool clean-up")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(COMMIT_BUCKETS)
            .withoutExemplars()
            .register(registry);
  }

  @Override
  public void positionChanged(ConsensusPosition position) {
    height.set(position.height());
    round.set(position.round());
  }

  @Override
  public void blockCommitted(long height, int transactionCount, long commitNanos) {
    blocks.inc();
    transactions.inc(transactionCount);
    commitSeconds.observe(Unit.nanosToSeconds(commitNanos));
  }
}

package io.parley.node.metrics;

import io.parley.mpc.network.TrafficCounters;
import io.parley.node.mpc.InputFollower;
import io.parley.node.mpc.MemberObserver;
import io.parley.node.mpc.VerifiedBlocks;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * An MPC committee member's Prometheus metrics (docs/metrics.md): chain following, secret inputs
 * stored, computations by outcome with their duration and rounds, and traffic by phase. Labels take
 * only fixed words (outcome, protocol, phase): never an id, an input, a share, a key or a value.
 */
public final class MpcMemberMetrics implements MemberObserver {
  /** The member is caught up when it has processed the validator's head, give or take this. */
  public static final long MAX_LAG_BLOCKS = 2;

  private static final double[] DURATION_BUCKETS = {
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300
  };
  private static final double[] ROUND_BUCKETS = {1, 5, 10, 20, 50, 100, 200, 500, 1000, 5000};
  private static final String PHASE_PREFIX = "c.";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final InputFollower follower;
  private final VerifiedBlocks blocks;
  private final Counter started;
  private final Counter finished;
  private final Histogram duration;
  private final Histogram rounds;
  private volatile long startedAt;

  public MpcMemberMetrics(InputFollower follower, VerifiedBlocks blocks) {
    this.follower = follower;
    this.blocks = blocks;
    GaugeWithCallback.builder()
        .name("parley_mpc_processed_height")
        .help("Height of the last verified block this member processed")
        .callback(c -> c.call(follower.processedHeight()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("parley_mpc_validator_head")
        .help("Head height the validator last reported (-1 before its first answer)")
        .callback(c -> c.call(blocks.lastHead()))
        .register(registry);
    CounterWithCallback.builder()
        .name("parley_mpc_secret_inputs_stored")
        .help("Secret inputs of verified blocks this member took its shares of, since it started")
        .callback(c -> c.call(follower.storedInputs()))
        .register(registry);
    started =
        Counter.builder()
            .name("parley_mpc_computations_started")
            .help("Computation attempts (a start or a retry) this member took part in")
            .withoutExemplars()
            .register(registry);
    finished =
        Counter.builder()
            .name("parley_mpc_computations_finished")
            .help(
                "Attempts this member's part ended, by outcome: completed, aborted,"
                    + " not_connected, code_unavailable (all but completed are failures)")
            .labelNames("outcome")
            .withoutExemplars()
            .register(registry);
    duration =
        Histogram.builder()
            .name("parley_mpc_computation_duration_seconds")
            .help("From picking a computation up to its outcome, by outcome")
            .unit(Unit.SECONDS)
            .labelNames("outcome")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .withoutExemplars()
            .register(registry);
    rounds =
        Histogram.builder()
            .name("parley_mpc_computation_rounds")
            .help("Communication rounds of each completed computation, by protocol")
            .labelNames("protocol")
            .classicOnly()
            .classicUpperBounds(ROUND_BUCKETS)
            .withoutExemplars()
            .register(registry);
  }

  /** Adds the committee network's traffic, by phase (keys, prep, input, bits, online). */
  public void watch(TrafficCounters traffic) {
    phaseCounter(
        traffic,
        "parley_mpc_sent_bytes",
        "Bytes this member sent to the committee, by phase",
        TrafficCounters.Totals::bytesSent);
    phaseCounter(
        traffic,
        "parley_mpc_sent_messages",
        "Messages this member sent to the committee, by phase",
        TrafficCounters.Totals::framesSent);
    phaseCounter(
        traffic,
        "parley_mpc_received_bytes",
        "Bytes this member received from the committee, by phase",
        TrafficCounters.Totals::bytesReceived);
    phaseCounter(
        traffic,
        "parley_mpc_received_messages",
        "Messages this member received from the committee, by phase",
        TrafficCounters.Totals::framesReceived);
  }

  private void phaseCounter(
      TrafficCounters traffic,
      String name,
      String help,
      ToLongFunction<TrafficCounters.Totals> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("phase")
        .callback(
            c -> {
              for (Map.Entry<String, TrafficCounters.Totals> e : traffic.byPhase().entrySet()) {
                c.call(value.applyAsLong(e.getValue()), phase(e.getKey()));
              }
            })
        .register(registry);
  }

  private static String phase(String label) {
    return label.startsWith(PHASE_PREFIX) ? label.substring(PHASE_PREFIX.length()) : label;
  }

  /**
   * Whether the member has processed the chain up to the validator's head (within a block or two).
   */
  public boolean caughtUp() {
    long head = blocks.lastHead();
    return head >= 0 && follower.processedHeight() + MAX_LAG_BLOCKS >= head;
  }

  @Override
  public void started() {
    startedAt = System.nanoTime();
    started.inc();
  }

  @Override
  public void ended(Ending ending, String protocol, int rounds) {
    String outcome = ending.name().toLowerCase(Locale.ROOT);
    finished.labelValues(outcome).inc();
    duration.labelValues(outcome).observe((System.nanoTime() - startedAt) / 1e9);
    if (ending == Ending.COMPLETED) {
      this.rounds.labelValues(protocol).observe(rounds);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }
}

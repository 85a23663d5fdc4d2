package io.parley.mpc.bench;

import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.CommitteeNetwork;
import io.parley.mpc.network.CommitteeNode;
import io.parley.mpc.network.PhaseObserver;
import io.parley.mpc.network.TrafficCounters;
import io.parley.zk.computation.CommitteeMember;
import io.parley.zk.computation.ComputationRequest;
import io.parley.zk.computation.ComputationResult;
import io.parley.zk.computation.InMemoryMemberStore;
import io.parley.zk.computation.InputFormat;
import io.parley.zk.computation.MemberComputation;
import io.parley.zk.computation.MemberInputs;
import io.parley.zk.computation.Phase;
import io.parley.zk.computation.Security;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Outcome;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One benchmark member process: runs each workload as a whole computation through the engine's
 * door, over the TLS committee network, and prints one RESULT line with the time, CPU, bytes and
 * rounds of each kind of phase.
 */
final class BenchMember {
  /** Kinds of phases, as {@link CommitteeNode#kind} names them; keys run once per committee. */
  static final List<String> KINDS = List.of("keys", "prep", "input", "bits", "online");

  private final BenchSettings settings;
  private final CommitteeMember member;
  private final List<PrivateKey> keys;
  private final TrafficCounters counters = new TrafficCounters();
  private final CommitteeNode node = new CommitteeNode(counters);
  private final InMemoryMemberStore store = new InMemoryMemberStore();
  private final Map<String, String> results = new LinkedHashMap<>();

  BenchMember(BenchSettings settings, int self) {
    this.settings = settings;
    this.keys = BenchSettings.keys(settings.parties());
    this.member = new CommitteeMember(BenchSettings.committee(keys), self, keys.get(self));
  }

  void run() throws Exception {
    try (CommitteeNetwork network =
        BenchSettings.join(keys, member.self(), settings.basePort(), node, counters)) {
      int smallMul = Math.max(1, settings.multiplications() / 5);
      int smallLt = Math.max(1, settings.comparisons() / 5);
      workload("warmup.mul", Security.MALICIOUS, multiplications(smallMul));
      workload("warmup.lt32", Security.MALICIOUS, comparisons(smallLt));
      // full-size warm-up runs, not reported: with seven JVMs on two cores the JIT needs about
      // two full runs before the code reaches its steady state (the first run is 2.5-3x slower)
      for (int w = 0; w < settings.warmup(); w++) {
        for (Security mode : settings.modes()) {
          String tag = "warmup" + w + "." + mode;
          workload(tag + ".mul", mode, multiplications(settings.multiplications()));
          workload(tag + ".lt32", mode, comparisons(settings.comparisons()));
        }
      }
      for (Security mode : settings.modes()) {
        String tag = BenchSettings.tag(mode);
        for (int r = 0; r < settings.repeat(); r++) {
          String run = BenchSettings.run(r);
          workload(tag + ".mul" + run, mode, multiplications(settings.multiplications()));
          workload(tag + ".lt32" + run, mode, comparisons(settings.comparisons()));
        }
      }
      node.serve(Duration.ofMillis(200));
    }
    StringBuilder line = new StringBuilder("RESULT member=" + member.self());
    results.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
  }

  /** x_i = i + 3 and y_i = 2i - 7, dealt as a wallet deals them ({@link BenchInputs}). */
  private Kernel multiplications(int count) {
    long[] x = new long[count];
    long[] y = new long[count];
    for (int i = 0; i < count; i++) {
      x[i] = i + 3L;
      y[i] = 2L * i - 7;
    }
    return new Kernel(new Workload.Kernel(Workload.Kernel.Operation.MULTIPLY, count), x, y);
  }

  private Kernel comparisons(int count) {
    long[] x = new long[count];
    long[] y = new long[count];
    for (int i = 0; i < count; i++) {
      x[i] = i * 7919L % 65536 - 30000;
      y[i] = i * 104729L % 65536 - 30000;
    }
    return new Kernel(new Workload.Kernel(Workload.Kernel.Operation.LESS_THAN_32, count), x, y);
  }

  private record Kernel(Workload.Kernel workload, long[] x, long[] y) {}

  private void workload(String name, Security mode, Kernel kernel) throws InterruptedException {
    Bytes32 id = BenchSettings.id(name);
    InputFormat format = settings.protocol().inputFormat();
    int n = member.size();
    MemberInputs inputs =
        new MemberInputs(
            Map.of(
                "x", BenchInputs.deal(format, member.self(), n, kernel.x(), 1),
                "y", BenchInputs.deal(format, member.self(), n, kernel.y(), 2)),
            Map.of());
    ComputationRequest request =
        new ComputationRequest(id, kernel.workload(), Map.of(), Map.of(), mode);
    // a clean heap with the inputs in it, as a member holds its shares before a computation
    // starts (collected later, they would be copied by every young collection of the run)
    System.gc();
    long start = System.nanoTime();
    MemberComputation computation = settings.protocol().member(member, request, inputs, store);
    long planned = System.nanoTime();
    Timings timings = new Timings();
    Outcome<ComputationResult> outcome =
        node.compute(computation, name, Duration.ofSeconds(120), timings);
    long total = System.nanoTime() - start;
    results.put(name + ".plan_ms", Long.toString((planned - start) / 1_000_000));
    if (!(outcome instanceof Outcome.Completed<ComputationResult> done)) {
      throw new IllegalStateException(name + " aborted: " + outcome);
    }
    store.forget(id);
    for (String kind : KINDS) {
      results.put(name + "." + kind + "_ms", Long.toString(timings.nanos(kind) / 1_000_000));
      results.put(name + "." + kind + "_cpu_us", Long.toString(timings.cpu(kind) / 1000));
      results.put(
          name + "." + kind + "_bytes_sent",
          Long.toString(counters.totals(name + "." + kind).bytesSent()));
    }
    results.put(name + ".total_ms", Long.toString(total / 1_000_000));
    results.put(name + ".rounds", Integer.toString(done.rounds()));
  }

  /**
   * Wall and process CPU time per kind of phase, each phase from the end of the one before (so it
   * includes building its session and program, and keeping the previous phase's value).
   */
  private static final class Timings implements PhaseObserver {
    private final Map<String, Long> nanos = new HashMap<>();
    private final Map<String, Long> cpu = new HashMap<>();
    private long wallMark = System.nanoTime();
    private long cpuMark = cpuNanos();

    @Override
    public void started(Phase phase) {}

    @Override
    public void ended(Phase phase) {
      String kind = CommitteeNode.kind(phase);
      long wall = System.nanoTime();
      long used = cpuNanos();
      nanos.merge(kind, wall - wallMark, Long::sum);
      cpu.merge(kind, used - cpuMark, Long::sum);
      wallMark = wall;
      cpuMark = used;
    }

    long nanos(String kind) {
      return nanos.getOrDefault(kind, 0L);
    }

    long cpu(String kind) {
      return cpu.getOrDefault(kind, 0L);
    }

    /** CPU time of the whole member process (all threads: protocol, Netty, TLS, GC, JIT). */
    private static long cpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }
}

package io.parley.zk.bench;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Committee;
import io.parley.zk.network.CommitteeNetwork;
import io.parley.zk.network.CommitteeNode;
import io.parley.zk.network.TrafficCounters;
import io.parley.zk.rep4.Rep4Comparisons;
import io.parley.zk.rep4.Rep4Context;
import io.parley.zk.rep4.Rep4Keys;
import io.parley.zk.rep4.Rep4Program;
import io.parley.zk.rep4.Rep4Session;
import io.parley.zk.rep4.Shares;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;

/** One rep4 benchmark member process; prints one RESULT line. */
final class Rep4BenchMember {
  private final Rep4Bench.Settings settings;
  private final int self;
  private final List<PrivateKey> keys = BenchSettings.keys(4);
  private final Committee committee = BenchSettings.committee(keys);
  private final TrafficCounters counters = new TrafficCounters();
  private final CommitteeNode node = new CommitteeNode(counters);
  private final Map<String, String> results = new LinkedHashMap<>();
  private Rep4Keys prgKeys;
  private int sequence;

  Rep4BenchMember(Rep4Bench.Settings settings, int self) {
    this.settings = settings;
    this.self = self;
  }

  void run() throws Exception {
    try (CommitteeNetwork network =
        BenchSettings.join(keys, self, settings.basePort(), node, counters)) {
      prgKeys = setupKeys();
      for (String mode : List.of("SEMI_HONEST", "MALICIOUS")) {
        // warm-up: small batches of both workloads in both modes
        multiplications("warmup", mode, max(settings.multiplications()));
        comparisons("warmup", mode, max(settings.comparisons()));
      }
      for (String mode : settings.modes()) {
        for (int n : settings.multiplications()) {
          multiplications(mode, mode, n);
        }
        for (int n : settings.comparisons()) {
          comparisons(mode, mode, n);
        }
      }
    }
    StringBuilder line = new StringBuilder("RESULT member=" + self);
    results.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
  }

  private static int max(int[] values) {
    return java.util.Arrays.stream(values).max().orElse(1);
  }

  private Rep4Keys setupKeys() throws InterruptedException {
    SecureRandom random = new SecureRandom();
    byte[][] contributions = new byte[4][];
    for (int m = 0; m < 4; m++) {
      if (m != self) {
        contributions[m] = new byte[32];
        random.nextBytes(contributions[m]);
      }
    }
    Rep4Context context =
        new Rep4Context(committee, self, Optional.empty(), Optional.of(keys.get(self)), id("keys"));
    return run(context, Rep4Program.setupKeys(contributions), "keys").value();
  }

  private Rep4Context context(String mode, String name) {
    Optional<PrivateKey> signing =
        mode.equals("MALICIOUS") ? Optional.of(keys.get(self)) : Optional.empty();
    return new Rep4Context(committee, self, Optional.of(prgKeys), signing, id(name));
  }

  private Bytes32 id(String name) {
    return BenchSettings.id("rep4/" + name + "/" + (sequence++));
  }

  private <T> Outcome.Completed<T> run(Rep4Context context, Rep4Program<T> program, String phase)
      throws InterruptedException {
    Timed<T> timed = new Timed<>(new Rep4Session<>(context, program));
    Outcome<T> outcome = node.run(timed, context.computation(), phase, Duration.ofSeconds(120));
    results.put(phase + ".cpu_ms", Long.toString(timed.nanos / 1_000_000));
    if (!(outcome instanceof Outcome.Completed<T> done)) {
      throw new IllegalStateException(phase + " aborted: " + outcome);
    }
    return done;
  }

  /** Measures the time spent inside the session (computing), as opposed to waiting. */
  private static final class Timed<T> implements io.parley.zk.session.ProtocolSession<T> {
    private final Rep4Session<T> inner;
    private long nanos;

    Timed(Rep4Session<T> inner) {
      this.inner = inner;
    }

    @Override
    public List<io.parley.zk.session.Action> start() {
      long t = System.nanoTime();
      List<io.parley.zk.session.Action> a = inner.start();
      nanos += System.nanoTime() - t;
      return a;
    }

    @Override
    public List<io.parley.zk.session.Action> onMessage(io.parley.zk.messages.Envelope e) {
      long t = System.nanoTime();
      List<io.parley.zk.session.Action> a = inner.onMessage(e);
      nanos += System.nanoTime() - t;
      return a;
    }

    @Override
    public List<io.parley.zk.session.Action> onTimeout(int step) {
      return inner.onTimeout(step);
    }

    @Override
    public Optional<Outcome<T>> outcome() {
      return inner.outcome();
    }
  }

  /** Secret inputs: party 0 owns x, party 1 owns y (an unmeasured session). */
  private Shares inputs(String mode, long[] x, long[] y) throws InterruptedException {
    // collect garbage before the input session, which then also serves as a start barrier
    System.gc();
    int n = x.length;
    long[] mine = self == 0 ? x : self == 1 ? y : new long[0];
    return run(context(mode, "input"), Rep4Program.input(new int[] {n, n, 0, 0}, mine), "input")
        .value();
  }

  private void multiplications(String tag, String mode, int n) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(n);
    Shares in = inputs(mode, r.longs(n).toArray(), r.longs(n).toArray());
    measure(tag + ".mul." + n, mode, p -> Rep4Program.multiply(in.slice(0, n), in.slice(n, 2 * n)));
  }

  private void comparisons(String tag, String mode, int n) throws InterruptedException {
    SplittableRandom r = new SplittableRandom(n);
    long[] x = new long[n];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextInt();
      y[i] = r.nextInt();
    }
    Shares in = inputs(mode, x, y);
    measure(
        tag + ".lt32." + n,
        mode,
        p -> Rep4Comparisons.lessThan(in.slice(0, n), in.slice(n, 2 * n), 34));
  }

  private void measure(String name, String mode, Function<Void, Rep4Program<Shares>> work)
      throws InterruptedException {
    Rep4Context context = context(mode, name);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long start = System.nanoTime();
    Outcome.Completed<Shares> done = run(context, work.apply(null), name);
    long ms = (System.nanoTime() - start) / 1_000_000;
    results.put(
        name + ".process_cpu_ms", Long.toString((os.getProcessCpuTime() - cpuBefore) / 1_000_000));
    results.put(name + ".ms", Long.toString(ms));
    results.put(name + ".rounds", Integer.toString(done.rounds()));
    results.put(name + ".bytes_sent", Long.toString(counters.totals(name).bytesSent()));
  }
}

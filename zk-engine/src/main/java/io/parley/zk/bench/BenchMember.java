package io.parley.zk.bench;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.engine.MemberPipeline;
import io.parley.zk.engine.Requirements;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.field.FieldElement;
import io.parley.zk.king.Dn07Batch;
import io.parley.zk.king.KingSession;
import io.parley.zk.messages.Committee;
import io.parley.zk.network.CommitteeNetwork;
import io.parley.zk.network.CommitteeNode;
import io.parley.zk.network.TrafficCounters;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.protocol.Comparisons;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.SecureArithmetic;
import io.parley.zk.protocol.Vectors;
import io.parley.zk.prss.Prss;
import io.parley.zk.prss.PrssKeys;
import io.parley.zk.session.ProtocolSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;

/** One benchmark member process: runs the workloads and prints one RESULT line per figure. */
final class BenchMember {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BenchMember.class);
  private final BenchSettings settings;
  private final int self;
  private final List<PrivateKey> keys;
  private final Committee committee;
  private final TrafficCounters counters = new TrafficCounters();
  private final CommitteeNode node = new CommitteeNode(counters);
  private static final int BATCH_TRIPLES = 250_000;
  private final Map<String, String> results = new LinkedHashMap<>();
  private PrssKeys prssKeys;
  private int multiplications;
  private int comparisons;

  BenchMember(BenchSettings settings, int self) {
    this.settings = settings;
    this.self = self;
    this.keys = BenchSettings.keys(settings.parties());
    this.committee = BenchSettings.committee(keys);
  }

  void run() throws Exception {
    try (CommitteeNetwork network =
        BenchSettings.join(keys, self, settings.basePort(), node, counters)) {
      if (settings.kings()) {
        // the committee agrees its PRSS keys once (per epoch in production), before any batch
        Bytes32 keysId = BenchSettings.id("prss-keys");
        prssKeys =
            run(
                    new io.parley.zk.prss.PrssKeySession(
                        committee,
                        self,
                        keysId,
                        io.parley.zk.messages.Signer.with(keys.get(self)),
                        new java.security.SecureRandom()),
                    keysId,
                    "prss-keys")
                .value();
      }
      multiplications = Math.max(1, settings.multiplications() / 5);
      comparisons = Math.max(1, settings.comparisons() / 5);
      workload("warmup.mul", OnlineSession.Mode.MALICIOUS, this::multiplications);
      workload("warmup.lt32", OnlineSession.Mode.MALICIOUS, this::comparisons);
      multiplications = settings.multiplications();
      comparisons = settings.comparisons();
      // full-size warm-up rounds, not reported: with seven JVMs on two cores the JIT needs about
      // two full runs before the code reaches its steady state (the first run is 2.5-3x slower)
      for (int w = 0; w < settings.warmup(); w++) {
        for (OnlineSession.Mode mode : settings.modes()) {
          workload("warmup" + w + "." + mode + ".mul", mode, this::multiplications);
          workload("warmup" + w + "." + mode + ".lt32", mode, this::comparisons);
        }
      }
      for (OnlineSession.Mode mode : settings.modes()) {
        String tag = mode == OnlineSession.Mode.MALICIOUS ? "malicious" : "semi-honest";
        for (int r = 0; r < settings.repeat(); r++) {
          workload(tag + ".mul" + BenchSettings.run(r), mode, this::multiplications);
          workload(tag + ".lt32" + BenchSettings.run(r), mode, this::comparisons);
        }
      }
    }
    StringBuilder line = new StringBuilder("RESULT member=" + self);
    results.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    System.out.println(line);
  }

  private Program<FieldElement[]> multiplications(OnlineContext context) {
    int m = multiplications;
    FieldElement[] x = new FieldElement[m];
    FieldElement[] y = new FieldElement[m];
    for (int i = 0; i < m; i++) {
      x[i] = FieldElement.of(i + 3L);
      y[i] = FieldElement.of(2L * i - 7);
    }
    return new SecureArithmetic(context).multiply(x, y);
  }

  private Program<FieldElement[]> comparisons(OnlineContext context) {
    int c = comparisons;
    FieldElement[] x = new FieldElement[c];
    FieldElement[] y = new FieldElement[c];
    for (int i = 0; i < c; i++) {
      x[i] = FieldElement.of(i * 7919L % 65536 - 30000);
      y[i] = FieldElement.of(i * 104729L % 65536 - 30000);
    }
    return new Comparisons(new SecureArithmetic(context)).lessThanZero(Vectors.subtract(x, y), 33);
  }

  private <T> Outcome.Completed<T> run(ProtocolSession<T> session, Bytes32 id, String phase)
      throws InterruptedException {
    long begin = System.currentTimeMillis();
    Outcome<T> outcome = node.run(session, id, phase, Duration.ofSeconds(120));
    LOG.debug("member {} {} took {} ms", self, phase, System.currentTimeMillis() - begin);
    if (!(outcome instanceof Outcome.Completed<T>)) {
      throw new IllegalStateException(phase + " aborted: " + outcome);
    }
    return (Outcome.Completed<T>) outcome;
  }

  private void workload(
      String name, OnlineSession.Mode mode, Function<OnlineContext, Program<FieldElement[]>> work)
      throws InterruptedException {
    System.gc();
    Requirements needs = Requirements.of(settings.parties(), work::apply, settings.kings());
    Bytes32 id = BenchSettings.id(name);
    MemberPipeline pipeline = new MemberPipeline(committee, self, keys.get(self), mode);
    if (settings.kings()) {
      pipeline
          .store()
          .useBoundedFrom(new Prss(prssKeys.forBatch(MemberPipeline.derive(id, "bounded"))));
    }
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    int bitRounds = 0;
    if (settings.kings()) {
      // PRSS + one degree-2t king opening per batch; bits come out of the same batch (ADR 0025)
      long triplesLeft = needs.triples();
      long randomsLeft = needs.randoms();
      long bitsLeft = needs.bits();
      for (int b = 0; b == 0 || triplesLeft + randomsLeft + bitsLeft > 0; b++) {
        int triples = (int) Math.min(triplesLeft, BATCH_TRIPLES);
        int bitCount = (int) Math.min(bitsLeft, BATCH_TRIPLES);
        int randoms = (int) Math.min(randomsLeft, BATCH_TRIPLES);
        Bytes32 batchId = MemberPipeline.batchId(id, b);
        io.parley.zk.king.Dn07Session batchSession =
            Dn07Batch.session(
                committee,
                self,
                batchId,
                prssKeys.forBatch(batchId),
                new Dn07Batch.Plan(triples, randoms, bitCount),
                mode == OnlineSession.Mode.MALICIOUS
                    ? Optional.of(keys.get(self))
                    : Optional.empty());
        Outcome<Dn07Batch.Output> prep = run(batchSession, batchSession.id(), name + ".prep");
        Dn07Batch.Output output = ((Outcome.Completed<Dn07Batch.Output>) prep).value();
        pipeline.accept(output.batch());
        pipeline.acceptBits(output.bits());
        triplesLeft -= triples;
        randomsLeft -= randoms;
        bitsLeft -= bitCount;
      }
    } else {
      List<io.parley.zk.preprocessing.BatchPlan> plans =
          needs.plans(settings.parties(), BATCH_TRIPLES);
      for (int b = 0; b < plans.size(); b++) {
        Outcome<BatchOutput> prep =
            run(
                pipeline.preprocessing(id, plans.get(b), b),
                MemberPipeline.batchId(id, b),
                name + ".prep");
        pipeline.accept(((Outcome.Completed<BatchOutput>) prep).value());
      }
    }
    long afterPrep = System.nanoTime();
    long cpuAfterPrep = cpuNanos();
    if (needs.bits() > 0 && !settings.kings()) {
      Bytes32 bitsId = MemberPipeline.derive(id, "bits");
      Outcome<FieldElement[]> bits =
          run(pipeline.bits(id, (int) needs.bits()), bitsId, name + ".bits");
      pipeline.acceptBits(((Outcome.Completed<FieldElement[]>) bits).value());
      bitRounds = ((Outcome.Completed<FieldElement[]>) bits).rounds();
    }
    long afterBits = System.nanoTime();
    long cpuAfterBits = cpuNanos();
    Bytes32 onlineId = MemberPipeline.derive(id, "online");
    Outcome<FieldElement[]> online =
        run(
            settings.kings()
                ? kings(onlineId, work.apply(pipeline.context()), mode)
                : pipeline.program(id, work::apply),
            onlineId,
            name + ".online");
    long end = System.nanoTime();
    long cpuEnd = cpuNanos();
    results.put(name + ".prep_cpu_us", Long.toString((cpuAfterPrep - cpuStart) / 1000));
    results.put(name + ".bits_cpu_us", Long.toString((cpuAfterBits - cpuAfterPrep) / 1000));
    results.put(name + ".online_cpu_us", Long.toString((cpuEnd - cpuAfterBits) / 1000));
    results.put(name + ".prep_ms", ms(afterPrep - start));
    results.put(name + ".bits_ms", ms(afterBits - afterPrep));
    results.put(name + ".online_ms", ms(end - afterBits));
    results.put(
        name + ".online_rounds",
        Integer.toString(((Outcome.Completed<FieldElement[]>) online).rounds()));
    results.put(name + ".bits_rounds", Integer.toString(bitRounds));
    results.put(name + ".triples", Long.toString(needs.triples()));
    results.put(name + ".bits", Long.toString(needs.bits()));
    for (String phase : List.of("prep", "bits", "online")) {
      results.put(
          name + "." + phase + "_bytes_sent",
          Long.toString(counters.totals(name + "." + phase).bytesSent()));
    }
  }

  private <T> ProtocolSession<T> kings(Bytes32 id, Program<T> program, OnlineSession.Mode mode) {
    return new KingSession<>(
        committee,
        self,
        id,
        program,
        mode == OnlineSession.Mode.MALICIOUS ? Optional.of(keys.get(self)) : Optional.empty());
  }

  /** CPU time of the whole member process (all threads: protocol, Netty, TLS, GC, JIT). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String ms(long nanos) {
    return Long.toString(nanos / 1_000_000);
  }
}

package io.parley.mpc.bench;

import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.Security;
import io.parley.zk.computation.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code parley mpc bench}: starts n committee members as separate JVM processes on loopback
 * (mutually authenticated TLS 1.3), runs a batch of multiplications and a batch of 32-bit
 * comparisons as whole computations through the engine's door, in malicious and/or semi-honest
 * mode, and prints throughput, bytes and rounds per operation, per kind of phase (preprocessing,
 * input check, random bits, online) and end to end. The committee's keys (PRSS or rep4 PRG keys)
 * are agreed in the first warm-up run, once, as a committee does once per epoch.
 *
 * <p>Usage: {@code MpcBench [--parties=4] [--protocol=auto|rep4|shamir-king|shamir-broadcast]
 * [--multiplications=100000] [--comparisons=2000] [--modes=MALICIOUS,SEMI_HONEST] [--repeat=1]
 * [--warmup=2] [--base-port=17400] [--member-heap=2g] [--member-jvm="options"]} (defaults: 3g and
 * {@link #REP4_MEMBER_JVM} for rep4, 2g and {@link #DEFAULT_MEMBER_JVM} otherwise; {@code auto},
 * the default, is {@link Protocols#select}'s choice; {@code {member}} in the JVM options is
 * replaced by the member's index, e.g. for a JFR file).
 */
public final class MpcBench {
  /**
   * The parallel collector: with seven members on two cores it costs less CPU than G1 (measured
   * alternately on 2026-11-26, king path, 7 members: 77k against 68k multiplications/s and 1,137
   * against 859 comparisons/s end to end). {@code --member-jvm} replaces it.
   */
  static final String DEFAULT_MEMBER_JVM = "-XX:+UseParallelGC";

  /**
   * rep4 members also get a 2 GB young generation: a round moves whole vectors of 10^6 elements,
   * and with the default sizing (the heap starts near 400 MB) young collections inside the round
   * doubled its CPU time (measured 2026-12-06: 1.4-1.7 against 0.8 us per multiplication).
   */
  static final String REP4_MEMBER_JVM = "-XX:+UseParallelGC -Xmn2g";

  private MpcBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --key=value, got " + a);
      }
      args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    int parties = Integer.parseInt(args.getOrDefault("parties", "4"));
    int multiplications = Integer.parseInt(args.getOrDefault("multiplications", "100000"));
    int comparisons = Integer.parseInt(args.getOrDefault("comparisons", "2000"));
    BenchSettings settings =
        new BenchSettings(
            parties,
            protocol(args.getOrDefault("protocol", "auto"), parties, multiplications, comparisons),
            multiplications,
            comparisons,
            Integer.parseInt(args.getOrDefault("base-port", "17400")),
            Arrays.stream(args.getOrDefault("modes", "MALICIOUS,SEMI_HONEST").split(","))
                .map(Security::valueOf)
                .toList(),
            bounded("repeat", args.getOrDefault("repeat", "1"), 1),
            bounded("warmup", args.getOrDefault("warmup", "2"), 0));
    if (args.containsKey("member")) {
      new BenchMember(settings, Integer.parseInt(args.get("member"))).run();
      return;
    }
    boolean rep4 = settings.protocol().name().equals("rep4");
    runParent(
        settings,
        args.getOrDefault("member-heap", rep4 ? "3g" : "2g"),
        args.getOrDefault("member-jvm", rep4 ? REP4_MEMBER_JVM : DEFAULT_MEMBER_JVM));
  }

  /** The named protocol, or with {@code auto} the one the door's rule picks for the workloads. */
  static Protocol protocol(String name, int parties, int multiplications, int comparisons) {
    if (!name.equals("auto")) {
      return Protocols.named(name);
    }
    return Protocols.select(
        parties,
        List.of(
            new Workload.Kernel(Workload.Kernel.Operation.MULTIPLY, multiplications),
            new Workload.Kernel(Workload.Kernel.Operation.LESS_THAN_32, Math.max(1, comparisons))));
  }

  private static int bounded(String name, String value, int min) {
    int v = Integer.parseInt(value);
    if (v < min || v > 10) {
      throw new IllegalArgumentException("--" + name + " is " + min + "..10, got " + value);
    }
    return v;
  }

  private static void runParent(BenchSettings settings, String heap, String jvmOptions)
      throws Exception {
    List<Map<String, Long>> results =
        MemberProcesses.run(
            MpcBench.class,
            settings.parties(),
            heap,
            member -> {
              List<String> options = new ArrayList<>();
              for (String option : jvmOptions.split(" ")) {
                if (!option.isBlank()) {
                  options.add(option.replace("{member}", Integer.toString(member)));
                }
              }
              return options;
            },
            settings.toArguments());
    report(settings, results);
  }

  private static void report(BenchSettings settings, List<Map<String, Long>> results) {
    System.out.printf(
        Locale.ROOT,
        "parley mpc bench: %d members as processes on loopback, TLS 1.3, protocol %s, %d"
            + " full-size warm-up runs, %d cores, Java %s%n",
        settings.parties(),
        settings.protocol().name(),
        settings.warmup(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    if (settings.warmup() > 0) {
      // what a member's first computations cost while the JIT still compiles: the first
      // full-size run of fresh processes (after the one-fifth-size run that agrees the keys)
      System.out.println("first full-size run of fresh member processes:");
      for (Security mode : settings.modes()) {
        String tag = BenchSettings.tag(mode);
        String warm = "warmup0." + mode;
        line(results, warm + ".mul", tag + ".mul", settings.multiplications(), "multiplications");
        line(results, warm + ".lt32", tag + ".lt32", settings.comparisons(), "32-bit comparisons");
      }
      System.out.printf(
          Locale.ROOT,
          "after %d full-size warm-up runs (rep4 at 10^4 comparisons reaches its steady state after"
              + " about 10, docs/benchmarks.md):%n",
          settings.warmup());
    }
    for (Security mode : settings.modes()) {
      String tag = BenchSettings.tag(mode);
      for (int r = 0; r < settings.repeat(); r++) {
        String run = BenchSettings.run(r);
        line(results, tag + ".mul" + run, settings.multiplications(), "multiplications");
        line(results, tag + ".lt32" + run, settings.comparisons(), "32-bit comparisons");
      }
    }
  }

  private static void line(List<Map<String, Long>> results, String name, int ops, String what) {
    line(results, name, name, ops, what);
  }

  private static long slowest(List<Map<String, Long>> results, String key) {
    return results.stream().mapToLong(r -> r.getOrDefault(key, 0L)).max().orElse(0);
  }

  private static long sum(List<Map<String, Long>> results, String key) {
    return results.stream().mapToLong(r -> r.getOrDefault(key, 0L)).sum();
  }

  /** One workload's figures: results under {@code name}, printed as {@code shown}. */
  private static void line(
      List<Map<String, Long>> results, String name, String shown, int ops, String what) {
    long prep = slowest(results, name + ".prep_ms");
    long input = slowest(results, name + ".input_ms");
    long bits = slowest(results, name + ".bits_ms");
    long online = slowest(results, name + ".online_ms");
    long plan = slowest(results, name + ".plan_ms");
    long total = slowest(results, name + ".total_ms") - slowest(results, name + ".keys_ms");
    long onlineBytes = sum(results, name + ".online_bytes_sent");
    long prepBytes =
        sum(results, name + ".prep_bytes_sent")
            + sum(results, name + ".input_bytes_sent")
            + sum(results, name + ".bits_bytes_sent");
    double onlineCpu = sum(results, name + ".online_cpu_us");
    double prepCpu = sum(results, name + ".prep_cpu_us");
    double inputCpu = sum(results, name + ".input_cpu_us");
    double bitsCpu = sum(results, name + ".bits_cpu_us");
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "%-14s %9d %-19s online %10.0f/s (%d ms, %.1f B/op) | plan %d ms + preprocessing %d ms"
            + " + input check %d ms + bits %d ms (%.1f B/op) | end to end %10.1f/s (%d rounds)%n"
            + "%-14s %9s %-19s CPU of all members per op: online %.2f us, preprocessing %.2f us,"
            + " input check %.2f us, bits %.2f us (%d cores: at most %.0f/s end to end if"
            + " CPU-bound)%n",
        shown,
        ops,
        what,
        ops / Math.max(online / 1000.0, 1e-3),
        online,
        onlineBytes / (double) ops,
        plan,
        prep,
        input,
        bits,
        prepBytes / (double) ops,
        ops / Math.max(total / 1000.0, 1e-3),
        results.get(0).getOrDefault(name + ".rounds", 0L),
        "",
        "",
        "",
        onlineCpu / ops,
        prepCpu / ops,
        inputCpu / ops,
        bitsCpu / ops,
        cores,
        cores * 1e6 / Math.max((onlineCpu + prepCpu + inputCpu + bitsCpu) / ops, 1e-3));
  }
}

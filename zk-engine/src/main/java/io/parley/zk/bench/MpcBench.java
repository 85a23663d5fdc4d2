package io.parley.zk.bench;

import io.parley.zk.online.OnlineSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code parley mpc bench}: starts n committee members as separate JVM processes on loopback
 * (mutually authenticated TLS 1.3), runs a batch of multiplications and a batch of 32-bit
 * comparisons in malicious and/or semi-honest mode, and prints throughput, bytes and rounds per
 * operation. Preprocessing (committee-made, checked) is measured separately from the online phase.
 *
 * <p>Usage: {@code MpcBench [--parties=4] [--multiplications=100000] [--comparisons=2000]
 * [--modes=MALICIOUS,SEMI_HONEST] [--openings=broadcast|king] [--repeat=1] [--warmup=0]
 * [--base-port=17400] [--member-heap=2g] [--member-jvm="options"]} (default {@code
 * -XX:+UseParallelGC}) ({@code {member}} in the JVM options is replaced by the member's index, e.g.
 * for a JFR file).
 */
public final class MpcBench {
  /**
   * The parallel collector: with seven members on two cores it costs less CPU than G1 (measured
   * alternately on 2026-11-26, king path, 7 members: 77k against 68k multiplications/s and 1,137
   * against 859 comparisons/s end to end). {@code --member-jvm} replaces it.
   */
  static final String DEFAULT_MEMBER_JVM = "-XX:+UseParallelGC";

  private MpcBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println("arguments are --key=value; see the class documentation");
        System.exit(2);
      }
      args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    List<OnlineSession.Mode> modes =
        Arrays.stream(args.getOrDefault("modes", "MALICIOUS,SEMI_HONEST").split(","))
            .map(OnlineSession.Mode::valueOf)
            .toList();
    BenchSettings settings =
        new BenchSettings(
            Integer.parseInt(args.getOrDefault("parties", "4")),
            Integer.parseInt(args.getOrDefault("multiplications", "100000")),
            Integer.parseInt(args.getOrDefault("comparisons", "2000")),
            Integer.parseInt(args.getOrDefault("base-port", "17400")),
            modes,
            openings(args.getOrDefault("openings", "broadcast")),
            repeat(args.getOrDefault("repeat", "1")),
            warmup(args.getOrDefault("warmup", "0")));
    if (args.containsKey("member")) {
      new BenchMember(settings, Integer.parseInt(args.get("member"))).run();
      return;
    }
    runParent(
        settings,
        args.getOrDefault("member-heap", "2g"),
        args.getOrDefault("member-jvm", DEFAULT_MEMBER_JVM));
  }

  private static int warmup(String value) {
    int w = Integer.parseInt(value);
    if (w < 0 || w > 10) {
      System.err.println("--warmup is 0..10, got " + value);
      System.exit(2);
    }
    return w;
  }

  private static int repeat(String value) {
    int r = Integer.parseInt(value);
    if (r < 1 || r > 10) {
      System.err.println("--repeat is 1..10, got " + value);
      System.exit(2);
    }
    return r;
  }

  private static boolean openings(String value) {
    return switch (value) {
      case "king" -> true;
      case "broadcast" -> false;
      default -> {
        System.err.println("--openings is king or broadcast, got " + value);
        System.exit(2);
        yield false;
      }
    };
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
        "parley mpc bench: %d members as processes on loopback, TLS 1.3, %s openings, %d"
            + " full-size warm-up runs, %d cores, Java %s%n",
        settings.parties(),
        settings.kings() ? "king" : "broadcast",
        settings.warmup(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    for (OnlineSession.Mode mode : settings.modes()) {
      String tag = mode == OnlineSession.Mode.MALICIOUS ? "malicious" : "semi-honest";
      for (int r = 0; r < settings.repeat(); r++) {
        String run = BenchSettings.run(r);
        line(results, tag + ".mul" + run, settings.multiplications(), "multiplications");
        line(results, tag + ".lt32" + run, settings.comparisons(), "32-bit comparisons");
      }
    }
  }

  private static void line(List<Map<String, Long>> results, String name, int ops, String what) {
    long prep = results.stream().mapToLong(r -> r.get(name + ".prep_ms")).max().orElse(0);
    long bits = results.stream().mapToLong(r -> r.get(name + ".bits_ms")).max().orElse(0);
    long online = results.stream().mapToLong(r -> r.get(name + ".online_ms")).max().orElse(0);
    long onlineBytes = results.stream().mapToLong(r -> r.get(name + ".online_bytes_sent")).sum();
    long prepBytes =
        results.stream()
            .mapToLong(r -> r.get(name + ".prep_bytes_sent") + r.get(name + ".bits_bytes_sent"))
            .sum();
    Map<String, Long> first = results.get(0);
    double onlineCpu = results.stream().mapToLong(r -> r.get(name + ".online_cpu_us")).sum();
    double bitsCpu = results.stream().mapToLong(r -> r.get(name + ".bits_cpu_us")).sum();
    double prepCpu = results.stream().mapToLong(r -> r.get(name + ".prep_cpu_us")).sum() + bitsCpu;
    System.out.printf(
        Locale.ROOT,
        "%-12s %9d %-20s online %10.0f/s (%d ms, %d rounds, %.1f B/op) | "
            + "preprocessing %d ms + bits %d ms (%d rounds, %.1f B/op) | end to end %10.1f/s%n"
            + "%-12s %9s %-20s CPU of all members: online %.2f us/op, preprocessing+bits %.2f"
            + " us/op (bits %.2f; %d cores: at most %.0f/s online, %.1f/s end to end if CPU-bound)%n",
        name,
        ops,
        what,
        ops / Math.max(online / 1000.0, 1e-3),
        online,
        first.get(name + ".online_rounds"),
        onlineBytes / (double) ops,
        prep,
        bits,
        first.get(name + ".bits_rounds"),
        prepBytes / (double) ops,
        ops / Math.max((prep + bits + online) / 1000.0, 1e-3),
        "",
        "",
        "",
        onlineCpu / ops,
        prepCpu / ops,
        bitsCpu / ops,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors() * 1e6 / Math.max(onlineCpu / ops, 1e-3),
        Runtime.getRuntime().availableProcessors()
            * 1e6
            / Math.max((onlineCpu + prepCpu) / ops, 1e-3));
  }
}

package io.parley.zk.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fantastic Four (rep4) benchmark: starts the 4 committee members as separate JVM processes on
 * loopback (mutually authenticated TLS 1.3 {@code CommitteeNetwork}), sets up the PRG keys, then
 * per mode (semi-honest: no digests, no signatures; malicious: backup digests checked every round,
 * signed statements) runs batches of multiplications and of 32-bit comparisons on secret inputs and
 * prints ops/s, bytes and rounds per op. Inputs are shared in a separate, unmeasured session.
 *
 * <p>Usage: {@code Rep4Bench [--multiplications=100000,1000000] [--comparisons=10000,100000]
 * [--modes=SEMI_HONEST,MALICIOUS] [--base-port=17500] [--member-heap=3g]
 * [--member-options=-XX:+UseParallelGC,-Xmn2g] [--jfr=member0.jfr] [--jfr-settings=profile]}
 */
public final class Rep4Bench {
  private Rep4Bench() {}

  record Settings(int[] multiplications, int[] comparisons, List<String> modes, int basePort) {
    List<String> toArguments() {
      return List.of(
          "--multiplications=" + join(multiplications),
          "--comparisons=" + join(comparisons),
          "--modes=" + String.join(",", modes),
          "--base-port=" + basePort);
    }

    private static String join(int[] values) {
      return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--") || !a.contains("=")) {
        System.err.println("arguments are --key=value; see the class documentation");
        System.exit(2);
      }
      args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    Settings settings =
        new Settings(
            ints(args.getOrDefault("multiplications", "100000,1000000")),
            ints(args.getOrDefault("comparisons", "10000,100000")),
            List.of(args.getOrDefault("modes", "SEMI_HONEST,MALICIOUS").split(",")),
            Integer.parseInt(args.getOrDefault("base-port", "17500")));
    if (args.containsKey("member")) {
      new Rep4BenchMember(settings, Integer.parseInt(args.get("member"))).run();
      return;
    }
    runParent(
        settings,
        args.getOrDefault("member-heap", "3g"),
        args.getOrDefault("jfr", "") + ",settings=" + args.getOrDefault("jfr-settings", "profile"),
        // a young generation that holds a whole 10^6 batch: no collection inside a measured round
        args.getOrDefault("member-options", "-XX:+UseParallelGC,-Xmn2g"));
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  private static void runParent(Settings settings, String heap, String jfr, String options)
      throws Exception {
    List<Map<String, Long>> results =
        MemberProcesses.run(
            Rep4Bench.class,
            4,
            heap,
            member -> {
              List<String> command = new ArrayList<>();
              for (String option : options.split(",")) {
                if (!option.isBlank()) {
                  command.add(option);
                }
              }
              if (member == 0 && !jfr.startsWith(",")) {
                command.add("-XX:StartFlightRecording=filename=" + jfr);
              }
              return command;
            },
            settings.toArguments());
    System.out.printf(
        Locale.ROOT,
        "parley rep4 bench: 4 members as processes on loopback, TLS 1.3, %d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    for (String mode : settings.modes()) {
      for (int n : settings.multiplications()) {
        line(results, mode + ".mul." + n, n, "multiplications");
      }
      for (int n : settings.comparisons()) {
        line(results, mode + ".lt32." + n, n, "32-bit comparisons");
      }
    }
  }

  private static void line(List<Map<String, Long>> results, String name, int ops, String what) {
    long ms = results.stream().mapToLong(r -> r.get(name + ".ms")).max().orElse(0);
    long bytes = results.stream().mapToLong(r -> r.get(name + ".bytes_sent")).sum();
    String cpu =
        String.join(
            "/", results.stream().map(r -> Long.toString(r.get(name + ".cpu_ms"))).toList());
    String process =
        String.join(
            "/",
            results.stream().map(r -> Long.toString(r.get(name + ".process_cpu_ms"))).toList());
    System.out.printf(
        Locale.ROOT,
        "%-28s %-20s %12.0f/s  (%d ms, %d rounds, %.1f B/op sent in total, in-session ms %s, process CPU ms %s)%n",
        name,
        what,
        ops / Math.max(ms / 1000.0, 1e-3),
        ms,
        results.get(0).get(name + ".rounds"),
        bytes / (double) ops,
        cpu,
        process);
  }
}

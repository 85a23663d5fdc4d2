package io.parley.node.cli;

import io.parley.mpc.bench.MpcBench;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley mpc}: the MPC committee engine. */
@Command(
    name = "mpc",
    mixinStandardHelpOptions = true,
    description = "MPC committee engine tools.",
    subcommands = {MpcCommand.Bench.class, MpcRejoin.class})
public final class MpcCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Starts the committee members as separate processes on loopback (TLS 1.3 between them) and
   * prints multiplications/s, comparisons/s, bytes and rounds per operation, malicious and
   * semi-honest: the Shamir engine (4 or 7 members; online and with preprocessing, ADR 0020) or the
   * Fantastic Four fast path (4 members, PRG-only preprocessing, ADR 0024).
   */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Benchmark the MPC engine with members as processes.")
  static final class Bench implements Callable<Integer> {
    @Option(
        names = "--protocol",
        defaultValue = "auto",
        description =
            "auto (the engine's rule: rep4 for 4 members, shamir-king for 7), rep4 (Fantastic"
                + " Four, 4 members), shamir-king (Shamir with king-based openings and PRSS,"
                + " ADR 0025) or shamir-broadcast (every share broadcast, ADR 0020); king and"
                + " shamir are accepted for the last two (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(
        names = "--parties",
        defaultValue = "4",
        description = "Committee size, 3t+1 (default: ${DEFAULT-VALUE}).")
    int parties;

    @Option(
        names = "--multiplications",
        defaultValue = "100000",
        description = "Multiplications per batch (default: ${DEFAULT-VALUE}).")
    int multiplications;

    @Option(
        names = "--comparisons",
        defaultValue = "2000",
        description = "32-bit comparisons per batch (default: ${DEFAULT-VALUE}).")
    int comparisons;

    @Option(
        names = "--modes",
        defaultValue = "MALICIOUS,SEMI_HONEST",
        description = "Security modes to run (default: ${DEFAULT-VALUE}).")
    String modes;

    @Option(
        names = "--repeat",
        defaultValue = "1",
        description =
            "Runs of each workload in the same member processes, one line each (default:"
                + " ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
        names = "--warmup",
        defaultValue = "2",
        description =
            "Full-size warm-up runs of each workload before the reported ones, so the JIT has"
                + " reached its steady state (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
        names = "--base-port",
        defaultValue = "17400",
        description = "First member port (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(
        names = "--member-heap",
        description = "Heap of each member process (default: 3g for rep4, 2g otherwise).")
    String memberHeap;

    @Option(
        names = "--member-jvm",
        description =
            "JVM options of each member process, {member} replaced by its index (default:"
                + " -XX:+UseParallelGC, plus -Xmn2g for rep4).")
    String memberJvm;

    @Override
    public Integer call() throws Exception {
      if (parties < 4
          || (parties - 1) % 3 != 0
          || multiplications < 1
          || comparisons < 1
          || multiplications > Workload.Kernel.MAX_COUNT
          || comparisons > Workload.Kernel.MAX_COUNT) {
        throw new CliException(
            "--parties must be 3t+1 >= 4, --multiplications and --comparisons 1.."
                + Workload.Kernel.MAX_COUNT);
      }
      String name =
          switch (protocol) {
            case "king" -> "shamir-king";
            case "shamir", "broadcast" -> "shamir-broadcast";
            default -> protocol;
          };
      if (!name.equals("auto")) {
        try {
          Protocol chosen = Protocols.named(name);
          chosen
              .unsupported(
                  parties, new Workload.Kernel(Workload.Kernel.Operation.MULTIPLY, multiplications))
              .ifPresent(
                  reason -> {
                    throw new IllegalArgumentException(reason);
                  });
        } catch (IllegalArgumentException e) {
          throw new CliException("--protocol " + protocol + ": " + e.getMessage());
        }
      }
      boolean rep4 = name.equals("rep4") || (name.equals("auto") && parties == 4);
      List<String> args = new ArrayList<>();
      args.add("--parties=" + parties);
      args.add("--protocol=" + name);
      args.add("--multiplications=" + multiplications);
      args.add("--comparisons=" + comparisons);
      args.add("--modes=" + modes);
      args.add("--base-port=" + basePort);
      if (memberHeap != null) {
        args.add("--member-heap=" + memberHeap);
      }
      if (memberJvm != null) {
        args.add("--member-jvm=" + memberJvm);
      }
      args.add("--repeat=" + repeat);
      args.add("--warmup=" + warmup);
      MpcBench.main(args.toArray(String[]::new));
      return 0;
    }
  }
}

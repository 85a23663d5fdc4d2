package io.parley.node.cli;

import picocli.CommandLine.Command;

/** {@code parley bench}: performance figures (never run as tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput and costs.",
    subcommands = {
      TransferBench.class,
      StateRootBench.class,
      ConfidentialBench.class,
      ExecutionBench.class
    })
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

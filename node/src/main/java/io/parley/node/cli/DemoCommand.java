package io.parley.node.cli;

import picocli.CommandLine.Command;

/**
 * {@code parley demo <application>}: one of the five applications Parley is built for, run end to
 * end on a devnet (a running one, or one it starts): every party gets its own account, submits its
 * secret input sealed for the committee, the committee computes, and the result comes back with its
 * attestation verified and compared with the plain Java reference (docs/tutorials/).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run one of Parley's applications end to end on a devnet: secret inputs in, a certified"
            + " result out.",
    subcommands = {
      PayGapDemo.class,
      BankFraudDemo.class,
      ThreatIntelDemo.class,
      AuctionDemo.class,
      BallotDemo.class
    })
public final class DemoCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}

package io.parley.node.cli;

import io.parley.base.types.Amounts;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley genesis generate}: a new network's genesis.json and key files. */
@Command(
    name = "genesis",
    mixinStandardHelpOptions = true,
    description = "Create network configuration.",
    subcommands = GenesisCommand.Generate.class)
public final class GenesisCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Generates genesis.json plus validator, MPC-node and account keys (files mode 0600). */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Write genesis.json and key files for a new network.")
  static final class Generate implements Callable<Integer> {
    @Option(
        names = "--validators",
        defaultValue = "4",
        description = "Validators (default: ${DEFAULT-VALUE}).")
    int validators;

    @Option(
        names = "--mpc-nodes",
        defaultValue = "0",
        description = "MPC committee members, 0 or >= 4 (default: ${DEFAULT-VALUE}).")
    int mpcNodes;

    @Option(
        names = "--mpc-protocol",
        description =
            "Pin the committee's MPC protocol: rep4, shamir-king or shamir-broadcast (default: the"
                + " engine's rule picks one per contract).")
    String mpcProtocol;

    @Option(
        names = "--mpc-standby",
        defaultValue = "0",
        description =
            "Standby MPC members that can take over a member's seat, 0 to --mpc-nodes (default:"
                + " ${DEFAULT-VALUE}); keys in mpc-standby-<s>/.")
    int mpcStandby;

    @Option(
        names = "--accounts",
        defaultValue = "0",
        description = "Funded accounts to create (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
        names = "--balance",
        defaultValue = "1000000",
        description = "PAR per created account (default: ${DEFAULT-VALUE}).")
    String balance;

    @Option(
        names = "--chain-id",
        defaultValue = "1337",
        description = "Chain id (default: ${DEFAULT-VALUE}).")
    long chainId;

    @Option(
        names = "--out",
        required = true,
        description = "Output directory (must not hold a genesis.json).")
    Path out;

    @Override
    public Integer call() {
      if (mpcProtocol != null) {
        try {
          io.parley.zk.computation.Protocols.pinned(java.util.Optional.of(mpcProtocol), mpcNodes);
        } catch (IllegalArgumentException e) {
          throw new CliException("--mpc-protocol: " + e.getMessage());
        }
      }
      GenesisGenerator.Result result =
          GenesisGenerator.generate(
              new GenesisGenerator.Request(
                  chainId,
                  validators,
                  mpcNodes,
                  accounts,
                  Amounts.parsePar(balance),
                  System.currentTimeMillis(),
                  ConsensusParameters.DEFAULTS,
                  ExecutionParameters.DEFAULTS,
                  java.util.Optional.ofNullable(mpcProtocol),
                  mpcStandby),
              out);
      System.out.println(
          "Wrote "
              + out.resolve("genesis.json")
              + " (genesis hash "
              + result.genesis().hash()
              + ")");
      for (int i = 0; i < result.validatorKeys().size(); i++) {
        System.out.println(
            "  validator "
                + i
                + "  "
                + result.validatorKeys().get(i).address()
                + "  key "
                + out.resolve("validator-" + i).resolve("key"));
      }
      for (int j = 0; j < result.mpcKeys().size(); j++) {
        System.out.println(
            "  mpc node  "
                + j
                + "  "
                + result.mpcKeys().get(j).address()
                + "  key "
                + out.resolve("mpc-" + j).resolve("key"));
      }
      for (int k = 0; k < result.accountKeys().size(); k++) {
        System.out.println(
            "  account   "
                + k
                + "  "
                + result.accountKeys().get(k).address()
                + "  key "
                + out.resolve("accounts").resolve("account-" + k + ".key"));
      }
      return 0;
    }
  }
}

package io.parley.node.cli;

import io.parley.base.crypto.CryptoProviders;
import io.parley.genesis.GenesisException;
import io.parley.node.NodeStartException;
import io.parley.node.ParleyNode;
import io.parley.node.storage.StorageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line: node, devnet, genesis, wallet, tx, contract, bench and db. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    versionProvider = ParleyCommand.Version.class,
    description = "Parley: a BFT blockchain with MPC-backed confidential contracts.",
    subcommands = {
      NodeCommand.class,
      DevnetCommand.class,
      GenesisCommand.class,
      WalletCommand.class,
      TxCommand.class,
      ContractCommand.class,
      BenchCommand.class,
      MpcCommand.class,
      MpcNodeCommand.class,
      DbCommand.class,
      DemoCommand.class
    })
public final class ParleyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    CryptoProviders.ensureInstalled();
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (0 success, 1 error, 2 usage error). */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new ParleyCommand());
    commandLine.setDefaultValueProvider(ConfigDefaultProvider.fromEnvironment(args));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof NodeStartException
              || e instanceof GenesisException
              || e instanceof StorageException
              || e instanceof CliException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
          }
          throw e;
        });
    return commandLine.execute(args);
  }

  /** Prints the node's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"parley " + ParleyNode.VERSION + " (Java " + Runtime.version() + ")"};
    }
  }
}

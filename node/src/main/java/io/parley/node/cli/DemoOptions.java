package io.parley.node.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code parley demo} application takes. */
final class DemoOptions {
  @Mixin RpcOptions rpc;

  @Option(
      names = "--data-path",
      defaultValue = "devnet-data",
      description =
          "The devnet's directory: its dev account pays for the demo's parties, and if no node"
              + " answers at --rpc a devnet is started there (default: ${DEFAULT-VALUE}).")
  Path dataPath;

  @Option(
      names = "--key-file",
      description =
          "The funded account that pays for the parties (default: the devnet's first dev account,"
              + " <data-path>/network/accounts/account-0.key).")
  Path keyFile;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the parties' made-up secret values (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      description = "How long to wait for each step at most (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  Path faucetKey() {
    return keyFile != null
        ? keyFile
        : dataPath.resolve("network").resolve("accounts").resolve("account-0.key");
  }
}

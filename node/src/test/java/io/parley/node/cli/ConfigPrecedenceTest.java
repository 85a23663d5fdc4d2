package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.node.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Node settings come from the command line, then PARLEY_* variables, then the TOML file. */
class ConfigPrecedenceTest {
  @TempDir Path dir;

  private NodeConfig parse(Map<String, String> env, String... args) {
    NodeCommand command = new NodeCommand();
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(ConfigDefaultProvider.of(env, args));
    cli.parseArgs(args);
    return command.toConfig();
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFile() throws Exception {
    Path toml = dir.resolve("node.toml");
    Files.writeString(
        toml,
        """
        genesis-file = "/etc/parley/genesis.json"
        rpc-port = 9000
        rpc-host = "127.0.0.2"
        mempool-max-transactions = 777
        rpc-host-allowlist = ["localhost", "node.example"]
        """);
    NodeConfig fileOnly = parse(Map.of(), "--config-file", toml.toString());
    assertThat(fileOnly.rpc().port()).isEqualTo(9000);
    assertThat(fileOnly.rpc().host()).isEqualTo("127.0.0.2");
    assertThat(fileOnly.mempool().maxTransactions()).isEqualTo(777);
    assertThat(fileOnly.rpc().hostAllowlist()).containsExactly("localhost", "node.example");
    assertThat(fileOnly.genesisFile()).isEqualTo(Path.of("/etc/parley/genesis.json"));

    NodeConfig env =
        parse(Map.of("PARLEY_RPC_PORT", "9100", "PARLEY_CONFIG_FILE", toml.toString()));
    assertThat(env.rpc().port()).isEqualTo(9100);
    assertThat(env.rpc().host()).isEqualTo("127.0.0.2");

    NodeConfig cli =
        parse(
            Map.of("PARLEY_RPC_PORT", "9100"),
            "--config-file",
            toml.toString(),
            "--rpc-port",
            "9200");
    assertThat(cli.rpc().port()).isEqualTo(9200);
  }

  @Test
  void defaultsAreSafe() {
    NodeConfig config = parse(Map.of(), "--genesis-file", "g.json");
    assertThat(config.rpc().host()).isEqualTo("127.0.0.1");
    assertThat(config.rpc().corsOrigins()).isEmpty();
    assertThat(config.rpc().hostAllowlist()).doesNotContain("*");
  }

  @Test
  void badSettingsGetClearMessages() throws Exception {
    Path toml = dir.resolve("bad.toml");
    Files.writeString(toml, "genesis-file = \"g.json\"\nrpc-prot = 1\n");
    assertThatThrownBy(() -> parse(Map.of(), "--config-file", toml.toString()))
        .hasMessageContaining("unknown setting 'rpc-prot' (line 2)");
    Files.writeString(toml, "genesis-file = \"g.json\"\nrpc-port = [\n");
    assertThatThrownBy(() -> parse(Map.of(), "--config-file", toml.toString()))
        .hasMessageContaining("bad.toml");
    assertThatThrownBy(() -> parse(Map.of("PARLEY_RPC_PORT", "eighty"), "--genesis-file", "g.json"))
        .hasMessageContaining("--rpc-port")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> parse(Map.of(), "--genesis-file", "g.json", "--rpc-port", "70000"))
        .hasMessageContaining("RPC port must be in [0, 65535]");
    assertThatThrownBy(
            () -> parse(Map.of(), "--config-file", dir.resolve("missing.toml").toString()))
        .hasMessageContaining("does not exist");
  }
}

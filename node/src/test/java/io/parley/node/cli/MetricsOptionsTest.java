package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.node.config.NodeConfig;
import io.parley.node.metrics.MetricsServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The metrics port is on by default on loopback, and set like every other option. */
class MetricsOptionsTest {
  @TempDir Path dir;

  private static NodeConfig parse(Map<String, String> env, String... args) {
    NodeCommand command = new NodeCommand();
    CommandLine cli = new CommandLine(command);
    cli.setDefaultValueProvider(ConfigDefaultProvider.of(env, args));
    cli.parseArgs(args);
    return command.toConfig();
  }

  @Test
  void servesOnLoopbackPort9545ByDefault() {
    assertThat(parse(Map.of(), "--genesis-file", "g.json").metrics())
        .contains(new MetricsServerConfig("127.0.0.1", 9545));
  }

  @Test
  void takesHostAndPortFromTheCommandLineTheEnvironmentOrTheFile() throws Exception {
    assertThat(
            parse(
                    Map.of(),
                    "--genesis-file",
                    "g.json",
                    "--metrics-host",
                    "0.0.0.0",
                    "--metrics-port",
                    "9600")
                .metrics())
        .contains(new MetricsServerConfig("0.0.0.0", 9600));
    assertThat(parse(Map.of("PARLEY_METRICS_PORT", "9700"), "--genesis-file", "g.json").metrics())
        .contains(new MetricsServerConfig("127.0.0.1", 9700));
    Path toml = dir.resolve("node.toml");
    Files.writeString(
        toml,
        """
        genesis-file = "g.json"
        metrics-port = 9800
        """);
    assertThat(parse(Map.of(), "--config-file", toml.toString()).metrics())
        .contains(new MetricsServerConfig("127.0.0.1", 9800));
  }

  @Test
  void canBeTurnedOff() throws Exception {
    assertThat(parse(Map.of(), "--genesis-file", "g.json", "--metrics-enabled", "false").metrics())
        .isEmpty();
    Path toml = dir.resolve("off.toml");
    Files.writeString(
        toml,
        """
        genesis-file = "g.json"
        metrics-enabled = false
        """);
    assertThat(parse(Map.of(), "--config-file", toml.toString()).metrics()).isEmpty();
  }

  @Test
  void refusesAPortOutOfRangeNamingTheOption() {
    assertThatThrownBy(() -> parse(Map.of(), "--genesis-file", "g.json", "--metrics-port", "70000"))
        .isInstanceOf(CliException.class)
        .hasMessage("--metrics-port must be in [0, 65535]");
    assertThatThrownBy(() -> parse(Map.of(), "--genesis-file", "g.json", "--metrics-port", "x"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--metrics-port");
  }
}

package io.parley.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.tuweni.toml.Toml;
import org.apache.tuweni.toml.TomlArray;
import org.apache.tuweni.toml.TomlParseResult;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option values that were not given on the command line: first from an environment
 * variable ({@code --rpc-port} reads {@code PARLEY_RPC_PORT}), then from the TOML config file
 * ({@code rpc-port = 8645}), named by {@code --config-file} or {@code PARLEY_CONFIG_FILE}. So the
 * precedence is CLI, then environment, then file, then the built-in default.
 */
public final class ConfigDefaultProvider implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> environment;
  private final Optional<Path> configFile;
  private TomlParseResult toml;

  public ConfigDefaultProvider(Map<String, String> environment, Optional<Path> configFile) {
    this.environment = environment;
    this.configFile = configFile;
  }

  /** Finds the config file in the arguments or the environment. */
  public static ConfigDefaultProvider fromEnvironment(String[] args) {
    return of(System.getenv(), args);
  }

  public static ConfigDefaultProvider of(Map<String, String> environment, String[] args) {
    Optional<Path> file = Optional.ofNullable(environment.get("PARLEY_CONFIG_FILE")).map(Path::of);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config-file") && i + 1 < args.length) {
        file = Optional.of(Path.of(args[i + 1]));
      } else if (args[i].startsWith("--config-file=")) {
        file = Optional.of(Path.of(args[i].substring("--config-file=".length())));
      }
    }
    return new ConfigDefaultProvider(environment, file);
  }

  public static String environmentVariable(String optionName) {
    return "PARLEY_"
        + optionName.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)
        || option.usageHelp()
        || option.versionHelp()
        || option.longestName().equals("--config-file")) {
      return null;
    }
    String value = environment.get(environmentVariable(option.longestName()));
    if (value != null) {
      return value;
    }
    if (option.command().findOption("config-file") == null) {
      return null; // only commands with --config-file read the file
    }
    TomlParseResult file = load(option.command());
    if (file == null) {
      return null;
    }
    String key = option.longestName().substring(2);
    if (!file.contains(key)) {
      return null;
    }
    Object raw = file.get(key);
    if (raw instanceof TomlArray array) {
      return array.toList().stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(raw);
  }

  private TomlParseResult load(CommandLine.Model.CommandSpec command) {
    if (configFile.isEmpty()) {
      return null;
    }
    if (toml == null) {
      Path path = configFile.get();
      if (!Files.isRegularFile(path)) {
        throw new CommandLine.ParameterException(
            command.commandLine(), "config file " + path + " does not exist");
      }
      try {
        toml = Toml.parse(path);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            command.commandLine(), "cannot read config file " + path + ": " + e.getMessage());
      }
      if (toml.hasErrors()) {
        var error = toml.errors().get(0);
        throw new CommandLine.ParameterException(
            command.commandLine(), "config file " + path + ": " + error.getMessage());
      }
      Set<String> known =
          command.options().stream()
              .filter(o -> !o.usageHelp() && !o.versionHelp())
              .map(o -> o.longestName().substring(2))
              .filter(name -> !name.equals("config-file"))
              .collect(Collectors.toCollection(TreeSet::new));
      List<String> unknown =
          toml.dottedKeySet().stream().filter(k -> !known.contains(k)).sorted().toList();
      if (!unknown.isEmpty()) {
        throw new CommandLine.ParameterException(
            command.commandLine(),
            "config file "
                + path
                + ": unknown setting '"
                + unknown.get(0)
                + "' (line "
                + toml.inputPositionOf(unknown.get(0)).line()
                + "); valid settings: "
                + known);
      }
    }
    return toml;
  }
}

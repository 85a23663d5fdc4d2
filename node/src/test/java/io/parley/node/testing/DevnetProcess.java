package io.parley.node.testing;

import static org.awaitility.Awaitility.await;

import io.parley.base.crypto.KeyPair;
import io.parley.genesis.KeyFiles;
import io.parley.node.cli.ParleyCommand;
import io.parley.sdk.rpc.RpcClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code parley devnet} as a user starts it (four validators, each its own process), read from the
 * banner it prints: the first validator's RPC port, the dev account and the explorer's address.
 */
public final class DevnetProcess implements AutoCloseable {
  private static final Pattern KEY_FILE = Pattern.compile("key file    (\\S+)");
  private static final Pattern EXPLORER = Pattern.compile("explorer      (\\S+)");

  private final Process process;
  private final List<Process> restarted = new ArrayList<>();
  private final int rpcPort;
  private final KeyPair devAccount;
  private final String explorerUrl;

  private DevnetProcess(Process process, int rpcPort, KeyPair devAccount, String explorerUrl) {
    this.process = process;
    this.rpcPort = rpcPort;
    this.devAccount = devAccount;
    this.explorerUrl = explorerUrl;
  }

  /** Starts the devnet in {@code data} and waits (up to 90 s) for its banner. */
  public static DevnetProcess start(Path data, Path log) throws IOException {
    return start(data, log, List.of());
  }

  /** As {@link #start(Path, Path)}, with more {@code parley devnet} options. */
  public static DevnetProcess start(Path data, Path log, List<String> options) throws IOException {
    return start(data, log, options, java.util.Map.of());
  }

  /**
   * As {@link #start(Path, Path, List)}, with variables added to the environment of the devnet and
   * of every process it starts (say {@link CorruptMember#VARIABLE}).
   */
  public static DevnetProcess start(
      Path data, Path log, List<String> options, java.util.Map<String, String> environment)
      throws IOException {
    int port = NodeProcess.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParleyCommand.class.getName(),
            "devnet",
            "--data-path",
            data.toString(),
            "--rpc-port",
            Integer.toString(port),
            "--p2p-port",
            Integer.toString(port + 100)));
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DevnetProcess devnet = new DevnetProcess(process, port, null, null);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException("devnet exited; see " + log);
                }
                return Files.readString(log).contains("Try:");
              });
      String banner = Files.readString(log);
      Matcher keyFile = KEY_FILE.matcher(banner);
      Matcher explorer = EXPLORER.matcher(banner);
      if (!keyFile.find() || !explorer.find()) {
        throw new IllegalStateException("no dev key file or explorer in the banner; see " + log);
      }
      return new DevnetProcess(
          process, port, KeyPair.of(KeyFiles.read(Path.of(keyFile.group(1)))), explorer.group(1));
    } catch (RuntimeException | IOException e) {
      devnet.close();
      throw e;
    }
  }

  /**
   * A devnet with {@code accounts} funded accounts and {@code members} MPC members on free ports,
   * an 8 s member step timeout (so a failed attempt is reported quickly), validator metrics from
   * {@code metricsPort}, {@code environment} added for every process and {@code more} {@code parley
   * devnet} options (say {@code --mpc-protocol}).
   */
  public static DevnetProcess startCommittee(
      Path data,
      Path log,
      int accounts,
      int members,
      int metricsPort,
      java.util.Map<String, String> environment,
      List<String> more)
      throws IOException {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--accounts",
                Integer.toString(accounts),
                "--metrics-port",
                Integer.toString(metricsPort),
                "--mpc-port",
                Integer.toString(NodeProcess.freePort()),
                "--mpc-nodes",
                Integer.toString(members),
                "--mpc-step-timeout-ms",
                "8000"));
    options.addAll(more);
    return start(data, log, options, environment);
  }

  public int rpcPort() {
    return rpcPort;
  }

  public KeyPair devAccount() {
    return devAccount;
  }

  /** The explorer's address as the banner prints it. */
  public String explorerUrl() {
    return explorerUrl;
  }

  public RpcClient client() {
    return new RpcClient(URI.create("http://127.0.0.1:" + rpcPort + "/"), Duration.ofSeconds(10));
  }

  /** The process of MPC member {@code j}, found by its command line among the devnet's children. */
  public ProcessHandle member(int j) {
    String key = "mpc-" + j + java.io.File.separator + "key";
    return process
        .descendants()
        .filter(
            h -> {
              List<String> args = commandLine(h);
              return args.contains("mpc-node") && args.stream().anyMatch(a -> a.endsWith(key));
            })
        .findFirst()
        .or(
            () ->
                restarted.stream()
                    .filter(Process::isAlive)
                    .map(Process::toHandle)
                    .filter(h -> commandLine(h).stream().anyMatch(a -> a.endsWith(key)))
                    .findFirst())
        .orElseThrow(() -> new IllegalStateException("no running process for MPC member " + j));
  }

  /**
   * Kills MPC member {@code j} with SIGKILL (as a crash does) and returns a way to start it again
   * with the same command line, its output appended to {@code log}, as its operator would.
   */
  public Runnable kill9(int j, Path log) {
    ProcessHandle member = member(j);
    List<String> line = commandLine(member);
    member.destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).until(() -> !member.isAlive());
    return () -> {
      try {
        restarted.add(
            new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  /**
   * A process's whole command line, from /proc (ProcessHandle.Info drops the arguments of a long
   * command line such as a JVM's with its class path).
   */
  private static List<String> commandLine(ProcessHandle h) {
    try {
      String raw = Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
      return List.of(raw.split("\u0000"));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Stops the devnet as Ctrl-C does and waits until every validator process is gone. */
  @Override
  public void close() {
    restarted.forEach(Process::destroy);
    List<ProcessHandle> validators = process.descendants().toList();
    process.destroy();
    await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> validators.stream().noneMatch(ProcessHandle::isAlive));
  }

  /** The last lines of each named member's log ({@code mpc-<j>}, {@code mpc-standby-<s>}). */
  public static String memberLogTails(Path data, List<String> names, int lines) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      try {
        List<String> all =
            java.nio.file.Files.readAllLines(
                data.resolve(name).resolve("mpc-node.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        out.append("--- ").append(name).append('\n');
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(l -> out.append(l, 0, Math.min(l.length(), 240)).append('\n'));
      } catch (IOException e) {
        out.append("--- ").append(name).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }
}

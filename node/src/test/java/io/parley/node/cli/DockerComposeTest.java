package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docker/docker-compose.yml (no Docker engine on the CI machines) checked against what it runs: the
 * devnet's topology, the genesis its genesis service generates (every key file it names exists
 * there), validator peers that name every validator once, and MPC members following a validator
 * whose RPC Host allowlist accepts them.
 */
class DockerComposeTest {
  private static final Path COMPOSE = Path.of("../docker/docker-compose.yml");

  @TempDir Path dir;

  private static Map<String, String> options(JsonNode command) {
    Map<String, String> out = new HashMap<>();
    for (JsonNode a : command) {
      String s = a.asText();
      int eq = s.indexOf('=');
      if (s.startsWith("--") && eq > 0) {
        out.put(s.substring(0, eq), s.substring(eq + 1));
      }
    }
    return out;
  }

  private static int flag(String command, String name) {
    Matcher m = Pattern.compile(name + " (\\d+)").matcher(command);
    assertThat(m.find()).as(name + " in the genesis command").isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void theComposeFileRunsTheDevnetsTopologyOnTheGenesisItGenerates() throws Exception {
    JsonNode services =
        new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
    String generate = services.get("genesis").get("command").get(0).asText();
    int validators = flag(generate, "--validators");
    int members = flag(generate, "--mpc-nodes");
    int standby = flag(generate, "--mpc-standby");

    // the devnet's defaults: the same topology
    DevnetCommand devnet = new DevnetCommand();
    new CommandLine(devnet).parseArgs();
    assertThat(validators).isEqualTo(devnet.validators);
    assertThat(members).isEqualTo(devnet.mpcNodes);

    // generate what the genesis service generates, and check every reference against it
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                1337,
                validators,
                members,
                flag(generate, "--accounts"),
                UInt256.ONE,
                0,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS,
                java.util.Optional.empty(),
                standby),
            dir.resolve("net"));
    Genesis genesis = Genesis.load(dir.resolve("net").resolve("genesis.json"));
    assertThat(genesis.config().mpcCommittee().encryptionKeys()).hasSize(members);
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    for (int i = 0; i < validators; i++) {
      JsonNode s = services.get("validator-" + i);
      assertThat(s).as("service validator-" + i).isNotNull();
      assertThat(s.get("command").get(0).asText()).isEqualTo("node");
      Map<String, String> o = options(s.get("command"));
      assertThat(local(o.get("--validator-key-file"))).exists();
      assertThat(o.get("--validator-key-file")).endsWith("/validator-" + i + "/key");
      List<String> peers = List.of(o.get("--peers").split(","));
      assertThat(peers).hasSize(validators);
      for (int k = 0; k < validators; k++) {
        assertThat(peers.get(k)).isEqualTo(k + "@validator-" + k + ":" + o.get("--p2p-port"));
      }
      assertThat(o.get("--rpc-host-allowlist")).contains("validator-" + i);
    }
    assertThat(genesis.config().mpcCommittee().standby()).hasSize(standby);
    for (int j = 0; j < members + standby; j++) {
      String name = j < members ? "mpc-" + j : "mpc-standby-" + (j - members);
      JsonNode s = services.get(name);
      assertThat(s).as("service " + name).isNotNull();
      assertThat(s.get("command").get(0).asText()).isEqualTo("mpc-node");
      Map<String, String> o = options(s.get("command"));
      assertThat(local(o.get("--key-file"))).exists();
      assertThat(local(o.get("--encryption-key-file"))).exists();
      assertThat(o.get("--key-file")).endsWith("/" + name + "/key");
      List<String> spare = List.of(o.getOrDefault("--standby-addresses", "").split(","));
      for (int k = 0; k < standby; k++) {
        assertThat(spare.get(k)).startsWith("mpc-standby-" + k + ":");
      }
      Matcher rpc = Pattern.compile("http://(validator-\\d+):(\\d+)/").matcher(o.get("--rpc"));
      assertThat(rpc.matches()).isTrue();
      Map<String, String> followed = options(services.get(rpc.group(1)).get("command"));
      assertThat(followed.get("--rpc-host-allowlist")).contains(rpc.group(1));
      assertThat(s.get("volumes").toString()).contains(name + ":");
      List<String> committee = List.of(o.get("--committee-addresses").split(","));
      assertThat(committee).hasSize(members);
      for (int k = 0; k < members; k++) {
        assertThat(committee.get(k)).startsWith("mpc-" + k + ":");
      }
    }
    assertThat(names).hasSize(1 + validators + members + standby);
    assertThat(Files.exists(dir.resolve("net").resolve("accounts").resolve("account-0.key")))
        .isTrue();
    assertThat(net.mpcEncryptionKeys()).hasSize(members);
  }

  /** A path in the compose file's /network/net, in the generated test network. */
  private Path local(String path) {
    assertThat(path).startsWith("/network/net/");
    return dir.resolve("net").resolve(path.substring("/network/net/".length()));
  }
}

package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.crypto.KeyPair;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.consensus.SigningStateFile;
import io.parley.node.storage.ChainStore;
import io.parley.node.storage.StorageException;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.StoredChain;
import io.parley.node.testing.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley db verify} and {@code parley db resync} on a stopped node's data directory. */
class DbCommandTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void verifyFindsAFlippedByteThatTheNodeRefusesToStartWith() throws Exception {
    Path data = dir.resolve("data");
    Path db = data.resolve("db");
    StoredChain.write(db, 300);
    CliRun healthy = run("db", "verify", "--data-path", data.toString());
    assertThat(healthy.exit()).as(healthy.output()).isZero();
    assertThat(healthy.output()).startsWith("OK: ").contains("heights 0 to 300 complete");

    Path damaged = StoredChain.flipByteInLargestSst(db);
    CliRun result = run("db", "verify", "--data-path", data.toString());
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .startsWith("DAMAGED: ")
        .contains(damaged.getFileName().toString())
        .contains("parley db resync --data-path " + data.toAbsolutePath());
    assertThatThrownBy(
            () -> {
              try (ChainStore store = ChainStore.open(db, 16L << 20)) {
                store.verifyNewestFiles(256L << 20);
              }
            })
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining("parley db resync");
  }

  @Test
  void resyncMovesTheChainDataAsideAndKeepsTheSigningStateRecord() throws Exception {
    Path data = dir.resolve("data");
    StoredChain.write(data.resolve("db"), 20);
    Path genesis = genesis(4);
    KeyPair key = KeyPair.random();
    SigningStateFile.open(
            data.resolve(SigningStateFile.FILE_NAME), TestNetwork.CHAIN_ID, Bytes32.ZERO, 2)
        .record(
            List.of(
                Vote.sign(
                    TestNetwork.CHAIN_ID, VoteType.PREVOTE, 21, 0, Optional.empty(), 2, key)));
    String record = Files.readString(data.resolve(SigningStateFile.FILE_NAME));

    CliRun result =
        run("db", "resync", "--data-path", data.toString(), "--genesis-file", genesis.toString());
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(data.resolve("db")).doesNotExist();
    try (var files = Files.list(data)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(name -> name.startsWith("db.damaged-"));
    }
    assertThat(Files.readString(data.resolve(SigningStateFile.FILE_NAME))).isEqualTo(record);
    assertThat(result.output()).contains("Kept the signing-state record").contains("Next: start");
  }

  @Test
  void resyncRefusesASingleValidatorNetworkAndAMissingDatabase() throws Exception {
    Path data = dir.resolve("data");
    CliRun missing =
        run("db", "resync", "--data-path", data.toString(), "--genesis-file", "x.json");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.output()).contains("no database in");

    StoredChain.write(data.resolve("db"), 3);
    Path genesis = genesis(1);
    CliRun single =
        run("db", "resync", "--data-path", data.toString(), "--genesis-file", genesis.toString());
    assertThat(single.exit()).isEqualTo(1);
    assertThat(single.output()).contains("single validator").contains("Restore a backup");
    assertThat(data.resolve("db")).isDirectory();
  }

  private Path genesis(int validators) {
    Path network = dir.resolve("network-" + validators);
    GenesisGenerator.generate(
        new GenesisGenerator.Request(
            TestNetwork.CHAIN_ID,
            validators,
            0,
            1,
            UInt256.valueOf(1_000),
            System.currentTimeMillis(),
            new ConsensusParameters(20, 1_000, 1_000, 5_000, 200_000_000L),
            ExecutionParameters.DEFAULTS),
        network);
    return network.resolve("genesis.json");
  }
}

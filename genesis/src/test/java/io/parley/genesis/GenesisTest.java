package io.parley.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisTest {
  @TempDir Path dir;

  private GenesisGenerator.Result generate(int validators, int mpc, int accounts) {
    return GenesisGenerator.generate(
        new GenesisGenerator.Request(
            1337,
            validators,
            mpc,
            accounts,
            UInt256.valueOf(1_000_000),
            1_700_000_000_000L,
            ConsensusParameters.DEFAULTS,
            ExecutionParameters.DEFAULTS),
        dir);
  }

  @Test
  void generatedGenesisReloadsToTheSameHashAndFundsAccounts() {
    GenesisGenerator.Result result = generate(4, 4, 3);
    Genesis loaded = Genesis.load(dir.resolve("genesis.json"));
    assertThat(loaded.hash()).isEqualTo(result.genesis().hash());
    assertThat(loaded.config().validators().size()).isEqualTo(4);
    assertThat(loaded.config().mpcCommittee().threshold()).isEqualTo(1);
    InMemoryNodeStore store = new InMemoryNodeStore();
    store.putAll(loaded.stateNodes());
    AccountTree tree = new AccountTree(store);
    for (var account : result.accountKeys()) {
      assertThat(tree.get(loaded.block().header().stateRoot(), account.address()).balance())
          .isEqualTo(UInt256.valueOf(1_000_000));
    }
  }

  @Test
  void aPinnedMpcProtocolIsKeptAndHashedWhileAnUnpinnedGenesisHashesAsBefore() throws Exception {
    GenesisGenerator.Result unpinned = generate(4, 4, 0);
    String json = Files.readString(dir.resolve("genesis.json"));
    assertThat(json).doesNotContain("protocol");
    String pinnedJson =
        json.replaceFirst(
            "\"mpcCommittee\" : \\{", "\"mpcCommittee\" : { \"protocol\" : \"rep4\",");
    Path pinnedFile = dir.resolve("pinned.json");
    Files.writeString(pinnedFile, pinnedJson);
    Genesis pinned = Genesis.load(pinnedFile);
    assertThat(pinned.config().mpcCommittee().protocol()).contains("rep4");
    assertThat(pinned.hash()).isNotEqualTo(unpinned.genesis().hash());
    assertThat(GenesisJson.write(pinned.config())).contains("\"protocol\" : \"rep4\"");
    Files.writeString(pinnedFile, pinnedJson.replace("\"rep4\"", "\"Rep 4\""));
    assertThatThrownBy(() -> Genesis.load(pinnedFile))
        .hasMessageContaining("mpcCommittee.protocol: 'Rep 4' is not a protocol name");
  }

  @Test
  void membersHaveSeparateEncryptionKeysThatAreHashedOnlyWhenPresent() throws Exception {
    GenesisGenerator.Result result = generate(4, 4, 0);
    Genesis withKeys = Genesis.load(dir.resolve("genesis.json"));
    MpcCommittee committee = withKeys.config().mpcCommittee();
    assertThat(committee.encryptionKeys()).hasSize(4);
    for (int j = 0; j < 4; j++) {
      assertThat(committee.encryptionKeys().get(j))
          .isEqualTo(result.mpcEncryptionKeys().get(j).publicKey())
          .isNotEqualTo(committee.members().get(j).publicKey());
      assertThat(KeyFiles.read(dir.resolve("mpc-" + j).resolve("encryption.key")).publicKey())
          .isEqualTo(committee.encryptionKeys().get(j));
    }
    // without encryption keys the committee hashes exactly as before they existed
    String json = Files.readString(dir.resolve("genesis.json"));
    String without = json.replaceAll(",\\s*\"encryptionKey\" : \"0x[0-9a-f]+\"", "");
    assertThat(without).doesNotContain("encryptionKey");
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, without);
    Genesis old = Genesis.load(plain);
    assertThat(old.config().mpcCommittee().encryptionKeys()).isEmpty();
    assertThat(old.hash()).isNotEqualTo(withKeys.hash());
    MpcCommittee legacy = new MpcCommittee(1, committee.members(), java.util.Optional.empty());
    assertThat(old.config().mpcCommittee()).isEqualTo(legacy);
    // all or none, and never the signing key
    int first = json.indexOf("\"encryptionKey\"");
    int end = json.indexOf('"', json.indexOf(": \"", first) + 3) + 1;
    String oneMissing = json.substring(0, json.lastIndexOf(',', first)) + json.substring(end);
    Files.writeString(plain, oneMissing);
    assertThatThrownBy(() -> Genesis.load(plain))
        .hasMessageContaining("every member needs an encryptionKey, or none does");
    assertThatThrownBy(
            () ->
                new MpcCommittee(
                    1,
                    committee.members(),
                    java.util.Optional.empty(),
                    committee.members().stream().map(m -> m.publicKey()).toList()))
        .hasMessageContaining("must differ from the member's signing key");
  }

  @Test
  void standbyMembersAreKeptHashedAndCheckedWhileAGenesisWithoutThemHashesAsBefore()
      throws Exception {
    GenesisGenerator.Result result =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                1337,
                4,
                4,
                0,
                UInt256.valueOf(1_000_000),
                1_700_000_000_000L,
                ConsensusParameters.DEFAULTS,
                ExecutionParameters.DEFAULTS,
                java.util.Optional.empty(),
                2),
            dir);
    Genesis loaded = Genesis.load(dir.resolve("genesis.json"));
    assertThat(loaded.hash()).isEqualTo(result.genesis().hash());
    MpcCommittee committee = loaded.config().mpcCommittee();
    assertThat(committee.standby()).hasSize(2);
    for (int s = 0; s < 2; s++) {
      Path keys = dir.resolve("mpc-standby-" + s);
      assertThat(KeyFiles.read(keys.resolve("key")).publicKey())
          .isEqualTo(committee.standby().get(s).member().publicKey());
      assertThat(KeyFiles.read(keys.resolve("encryption.key")).publicKey())
          .isEqualTo(committee.standby().get(s).encryptionKey());
    }
    // without the standby list the committee hashes as before standby members existed
    String json = Files.readString(dir.resolve("genesis.json"));
    Path plain = dir.resolve("plain.json");
    Files.writeString(plain, json.replaceAll("(?s),\\s*\"standby\" : \\[[^\\]]*\\]", ""));
    Genesis without = Genesis.load(plain);
    assertThat(without.config().mpcCommittee().standby()).isEmpty();
    assertThat(without.hash()).isNotEqualTo(loaded.hash());
    assertThat(without.config().mpcCommittee())
        .isEqualTo(committee.withStandby(java.util.List.of()));
    // a standby reusing a member's key, too many standby members, or no encryption keys: refused
    var reused =
        new MpcCommittee.Standby(
            committee.members().get(0), committee.standby().get(0).encryptionKey());
    assertThatThrownBy(() -> committee.withStandby(java.util.List.of(reused)))
        .hasMessageContaining("a key already used by a member or a standby");
    var five = java.util.Collections.nCopies(5, committee.standby().get(0));
    assertThatThrownBy(() -> committee.withStandby(five))
        .hasMessageContaining("at most 4 standby members");
    assertThatThrownBy(
            () ->
                new MpcCommittee(1, committee.members(), java.util.Optional.empty())
                    .withStandby(committee.standby()))
        .hasMessageContaining("need a committee whose members have encryption keys");
  }

  @Test
  void keyFilesAreOwnerOnlyAndReadBack() throws Exception {
    GenesisGenerator.Result result = generate(2, 0, 1);
    Path key = dir.resolve("validator-1").resolve("key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
        .isEqualTo("rwx------");
    assertThat(KeyFiles.read(key)).isEqualTo(result.validatorKeys().get(1).privateKey());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> KeyFiles.read(key)).hasMessageContaining("chmod 600");
  }

  @Test
  void refusesToOverwriteAnExistingNetwork() {
    generate(1, 0, 0);
    assertThatThrownBy(() -> generate(1, 0, 0)).hasMessageContaining("refusing to overwrite");
  }

  @Test
  void changingAnyFieldChangesTheGenesisHash() {
    GenesisConfig config = generate(1, 0, 1).genesis().config();
    GenesisConfig otherChain =
        new GenesisConfig(
            config.chainId() + 1,
            config.timestamp(),
            config.alloc(),
            config.validators(),
            config.mpcCommittee(),
            config.consensus(),
            config.execution());
    assertThat(Genesis.of(otherChain).hash()).isNotEqualTo(Genesis.of(config).hash());
  }

  @Test
  void badGenesisFilesGetPreciseErrors() {
    GenesisConfig config = generate(1, 0, 1).genesis().config();
    String good = GenesisJson.write(config);
    assertThatThrownBy(() -> GenesisJson.parse("{")).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> GenesisJson.parse(good.replace("\"chainId\"", "\"chainid\"")))
        .hasMessageContaining("chainid: unknown field");
    assertThatThrownBy(
            () -> GenesisJson.parse(good.replace("\"balance\" : \"", "\"balance\" : \"x")))
        .hasMessageContaining("alloc[0].balance: expected a decimal integer string");
    String key = config.validators().get(0).publicKey().toHexString();
    assertThatThrownBy(() -> GenesisJson.parse(good.replace(key, key.substring(0, 20))))
        .hasMessageContaining("validators[0].publicKey");
    assertThatThrownBy(
            () ->
                GenesisJson.parse(
                    good.replace("\"blockPeriodMillis\" : 100", "\"blockPeriodMillis\" : 60001")))
        .hasMessageContaining("blockPeriodMillis must be in");
  }
}

package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guaranteed output with a member that never comes back (ADR 0056), on `parley devnet --mpc-standby
 * 1` as processes: member 1 is killed for good with SIGKILL before a computation starts; attempts 0
 * and 1 time out naming it, the chain hands seat 1 to the standby member, which recovers the seat's
 * shares of the stored inputs from the other three, and attempt 2 delivers the right result without
 * any input resubmitted. Inputs sealed for the old committee are refused after that; one sealed for
 * the new committee is read by a second computation. The standby's log holds no value.
 */
class StandbyDevnetTest {
  private static final int ACCOUNTS = 8;

  @TempDir Path dir;

  @Test
  void aMemberKilledForGoodIsReplacedByTheStandbyAndTheResultIsDelivered() throws Exception {
    scenario(4);
  }

  /** The same on 7 members (Shamir with king openings); in the long profile (`-Plong`). */
  @Test
  @Tag("long")
  void theSameWithSevenMembersRecoversShamirShares() throws Exception {
    scenario(7);
  }

  private void scenario(int members) throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data,
            dir.resolve("devnet.log"),
            ACCOUNTS,
            members,
            NodeProcess.freePort(),
            java.util.Map.of(),
            List.of("--mpc-standby", "1"))) {
      try {
        run(devnet, data);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage()
                + "\n"
                + DevnetProcess.memberLogTails(
                    data, List.of("mpc-0", "mpc-2", "mpc-standby-0"), 25),
            e);
      }
    }
  }

  private void run(DevnetProcess devnet, Path data) throws Exception {
    RpcClient client = devnet.client();
    List<KeyPair> accounts = DevnetWallet.accounts(data, ACCOUNTS);
    KeyPair owner = accounts.get(0);
    Address contract =
        DevnetWallet.deploy(
            client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
    CommitteeView before = CommitteeView.fetch(client, contract);
    Random random = new Random(56);
    List<Long> amounts = new ArrayList<>();
    for (int k = 0; k < ACCOUNTS - 2; k++) {
      amounts.add(100_000_000L + random.nextInt(800_000_000));
    }
    DevnetWallet.submitAll(client, accounts, before, "amounts", amounts);
    // a result final with the genesis committee
    SignedTransaction before1 = DevnetWallet.call(owner, 2, contract, "largest");
    assertThat(DevnetWallet.send(client, before1).get("status").asText()).isEqualTo("0x1");
    Bytes32 earlier = Hashing.keccak256(before1.hash(), Bytes.of(0, 0));
    DevnetWallet.awaitDone(client, earlier.toHexString(), Duration.ofSeconds(240));

    // every member holds its shares; then member 1 dies and never comes back
    Path standbyLog = data.resolve("mpc-standby-0").resolve("mpc-node.log");
    devnet.kill9(1, data.resolve("mpc-1").resolve("mpc-node.log"));

    SignedTransaction first = DevnetWallet.call(owner, 3, contract, "largest");
    assertThat(DevnetWallet.send(client, first).get("status").asText()).isEqualTo("0x1");
    String id = Hashing.keccak256(first.hash(), Bytes.of(0, 0)).toHexString();
    DevnetWallet.awaitDone(client, id, Duration.ofSeconds(240));
    JsonNode record = client.call("zk_getComputation", id);
    assertThat(Long.decode(record.get("attempt").asText())).isGreaterThanOrEqualTo(2);
    long expected = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(DevnetWallet.query(client, contract, "max_value"))
        .isEqualTo(Long.toString(expected));

    // seat 1 is the standby's now, and the committee's hash changed with it
    JsonNode committee = client.call("zk_getCommittee", contract.toHexString());
    JsonNode seat1 = committee.get("members").get(1);
    assertThat(seat1.get("heldBy").get("standby").asText()).isEqualTo("0x0");
    assertThat(seat1.get("heldBy").get("cause").asText()).isEqualTo("silent");
    // a wallet still verifies both results: each vote against the seat's holder at its block
    io.parley.sdk.ParleyClient sdk = new io.parley.sdk.ParleyClient(client);
    for (Bytes32 done : List.of(earlier, Bytes32.fromHexString(id))) {
      assertThat(io.parley.sdk.AttestedResult.fetch(sdk, done).signers()).hasSizeGreaterThan(2);
    }
    // the standby recovered seat 1's shares of the six stored inputs (and of the rest it reads)
    assertThat(Files.readString(standbyLog, StandardCharsets.ISO_8859_1))
        .containsPattern("member 1 recovered [6-9] of the [6-9] items of " + id);

    // an input sealed for the old committee is refused; one sealed for the new one counts
    long refusedAmount = 990_000_000L;
    SignedTransaction stale =
        DevnetWallet.secretInput(accounts.get(ACCOUNTS - 2), 0, before, "amounts", refusedAmount);
    assertThat(DevnetWallet.send(client, stale).get("failureReason").asText())
        .contains("sealed for committee");
    CommitteeView after = CommitteeView.fetch(client, contract);
    long late = 950_000_000L + random.nextInt(30_000_000);
    SignedTransaction lateInput =
        DevnetWallet.secretInput(accounts.get(ACCOUNTS - 1), 0, after, "amounts", late);
    assertThat(DevnetWallet.send(client, lateInput).get("status").asText()).isEqualTo("0x1");
    DevnetWallet.awaitChecked(client, List.of(lateInput));
    SignedTransaction second = DevnetWallet.call(owner, 4, contract, "largest");
    assertThat(DevnetWallet.send(client, second).get("status").asText()).isEqualTo("0x1");
    DevnetWallet.awaitDone(
        client,
        Hashing.keccak256(second.hash(), Bytes.of(0, 0)).toHexString(),
        Duration.ofSeconds(240));
    assertThat(DevnetWallet.query(client, contract, "max_value")).isEqualTo(Long.toString(late));
    assertThat(DevnetWallet.query(client, contract, "result_count")).isEqualTo("3");

    String log = Files.readString(standbyLog, StandardCharsets.ISO_8859_1);
    for (long amount : amounts) {
      assertThat(log).doesNotContain(Long.toString(amount));
    }
    assertThat(log).doesNotContain(Long.toString(late));
  }
}

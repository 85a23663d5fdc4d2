package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.Receipts;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guaranteed output when members crash (ADR 0037), on `parley devnet` as processes (4 validators
 * and 4 MPC members with one killed; 7 members with two killed): members are killed with SIGKILL in
 * the middle of a computation; the others time out and report the attempt aborted, the chain starts
 * attempt 1, the operator restarts the killed members, which report their lost attempt, catches up
 * from its own RocksDB (including an input submitted while it was down) and takes part in attempt
 * 1; the result is correct. A second computation afterwards reads the input it caught up on.
 */
class MemberCrashDevnetTest {
  private static final int ACCOUNTS = 9;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} members, {1} killed")
  @CsvSource({"4, 1", "7, 2"})
  void membersKilledDuringAComputationRejoinAndTheResultIsStillDelivered(int members, int killed)
      throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data,
            dir.resolve("devnet.log"),
            ACCOUNTS,
            members,
            NodeProcess.freePort(),
            java.util.Map.of(),
            java.util.List.of())) {
      try {
        run(devnet, data, killed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage()
                + "\n"
                + DevnetProcess.memberLogTails(
                    data,
                    java.util.stream.IntStream.range(0, members).mapToObj(j -> "mpc-" + j).toList(),
                    15),
            e);
      }
    }
  }

  private void run(DevnetProcess devnet, Path data, int killed) throws Exception {
    RpcClient client = devnet.client();
    List<KeyPair> accounts = DevnetWallet.accounts(data, ACCOUNTS);
    KeyPair owner = accounts.get(0);
    Address contract =
        DevnetWallet.deploy(
            client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);

    Random random = new Random(37);
    List<Long> amounts = new ArrayList<>();
    List<SignedTransaction> submitted = new ArrayList<>();
    for (int k = 0; k < ACCOUNTS - 1; k++) {
      long amount = 100_000_000L + random.nextInt(800_000_000);
      amounts.add(amount);
      SignedTransaction tx =
          DevnetWallet.secretInput(accounts.get(k), k == 0 ? 1 : 0, view, "amounts", amount);
      client.call("tx_send", tx.encoded().toHexString());
      submitted.add(tx);
    }
    for (SignedTransaction tx : submitted) {
      assertThat(Receipts.await(client, tx).get("status").asText()).isEqualTo("0x1");
    }
    DevnetWallet.awaitChecked(client, submitted);

    // start the computation; kill member 1 (and 4) as soon as member 1 says it is computing
    SignedTransaction first = DevnetWallet.call(owner, 2, contract, "largest");
    assertThat(DevnetWallet.send(client, first).get("status").asText()).isEqualTo("0x1");
    String id = Hashing.keccak256(first.hash(), Bytes.of(0, 0)).toHexString();
    List<Integer> victims = killed == 1 ? List.of(1) : List.of(1, 4);
    List<Runnable> restarts = new ArrayList<>();
    Path log1 = data.resolve("mpc-1").resolve("mpc-node.log");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> Files.readString(log1).contains("member 1 computing " + id));
    for (int j : victims) {
      restarts.add(devnet.kill9(j, data.resolve("mpc-" + j).resolve("mpc-node.log")));
    }

    // while the victims are down, one more account submits (the largest amount)
    long late = 950_000_000L + random.nextInt(40_000_000);
    SignedTransaction lateInput =
        DevnetWallet.secretInput(accounts.get(ACCOUNTS - 1), 0, view, "amounts", late);
    assertThat(DevnetWallet.send(client, lateInput).get("status").asText()).isEqualTo("0x1");
    restarts.forEach(Runnable::run);

    awaitDone(client, id);
    JsonNode record = client.call("zk_getComputation", id);
    assertThat(Long.decode(record.get("attempt").asText()))
        .as("the crash aborted attempt 0: %s", record)
        .isGreaterThanOrEqualTo(1);
    assertThat(record.get("aborts").toString()).contains("\"attempt\":\"0x0\"");
    long expected = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(DevnetWallet.query(client, contract, "max_value"))
        .isEqualTo(Long.toString(expected));
    assertThat(DevnetWallet.query(client, contract, "abort_count")).isEqualTo("0");

    // the restarted members opened the input sent while they were down: a second computation
    // (which needs every member) reads it
    DevnetWallet.awaitChecked(client, List.of(lateInput));
    SignedTransaction second = DevnetWallet.call(owner, 3, contract, "largest");
    assertThat(DevnetWallet.send(client, second).get("status").asText()).isEqualTo("0x1");
    awaitDone(client, Hashing.keccak256(second.hash(), Bytes.of(0, 0)).toHexString());
    assertThat(DevnetWallet.query(client, contract, "max_value")).isEqualTo(Long.toString(late));
    assertThat(DevnetWallet.query(client, contract, "result_count")).isEqualTo("2");
    for (int j : victims) {
      String memberLog =
          Files.readString(
              data.resolve("mpc-" + j).resolve("mpc-node.log"), StandardCharsets.ISO_8859_1);
      // it took part in a later attempt of the first computation (it may have come back after
      // the others had already moved on, in which case it had nothing to report)
      assertThat(memberLog)
          .containsPattern("member " + j + " computing " + id + " .*attempt [1-3]");
      for (long amount : amounts) {
        assertThat(memberLog).doesNotContain(Long.toString(amount));
      }
    }
  }

  private static void awaitDone(RpcClient client, String id) {
    await()
        .atMost(Duration.ofSeconds(240))
        .ignoreExceptions()
        .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
  }
}

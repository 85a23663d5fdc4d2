package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.genesis.KeyFiles;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.Receipts;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
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
        DevnetProcess.start(
            data,
            dir.resolve("devnet.log"),
            List.of(
                "--accounts",
                Integer.toString(ACCOUNTS),
                "--metrics-port",
                Integer.toString(NodeProcess.freePort()),
                "--mpc-port",
                Integer.toString(NodeProcess.freePort()),
                "--mpc-nodes",
                Integer.toString(members),
                "--mpc-step-timeout-ms",
                "8000"))) {
      try {
        run(devnet, data, killed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n" + tails(data, members), e);
      }
    }
  }

  /** The last lines of every member's log, to see where a failed run stopped. */
  private static String tails(Path data, int members) {
    StringBuilder out = new StringBuilder();
    for (int j = 0; j < members; j++) {
      try {
        List<String> lines =
            Files.readAllLines(
                data.resolve("mpc-" + j).resolve("mpc-node.log"), StandardCharsets.ISO_8859_1);
        out.append("--- mpc-").append(j).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> out.append(l, 0, Math.min(l.length(), 240)).append('\n'));
      } catch (java.io.IOException e) {
        out.append("--- mpc-").append(j).append(": ").append(e).append('\n');
      }
    }
    return out.toString();
  }

  private void run(DevnetProcess devnet, Path data, int killed) throws Exception {
    {
      RpcClient client = devnet.client();
      List<KeyPair> accounts = new ArrayList<>();
      for (int k = 0; k < ACCOUNTS; k++) {
        accounts.add(
            KeyPair.of(
                KeyFiles.read(
                    data.resolve("network").resolve("accounts").resolve("account-" + k + ".key"))));
      }
      KeyPair owner = accounts.get(0);
      var max =
          ContractCompiler.compile(
              Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
      SignedTransaction deploy =
          tx(
              owner,
              0,
              TransactionKind.DEPLOY,
              Optional.empty(),
              Payloads.deploy(max.bundle().encode(), Bytes.fromHexString("0xc0")));
      client.call("tx_send", deploy.encoded().toHexString());
      assertThat(Receipts.await(client, deploy).get("status").asText()).isEqualTo("0x1");
      Address contract = Payloads.contractAddress(owner.address(), 0);
      InputCommittee committee = CommitteeView.fetch(client, contract).committee();

      Random random = new Random(37);
      List<Long> amounts = new ArrayList<>();
      List<SignedTransaction> submitted = new ArrayList<>();
      for (int k = 0; k < ACCOUNTS - 1; k++) {
        long amount = 100_000_000L + random.nextInt(800_000_000);
        amounts.add(amount);
        submitted.add(submit(client, committee, contract, accounts.get(k), k == 0 ? 1 : 0, amount));
      }
      for (SignedTransaction tx : submitted) {
        assertThat(Receipts.await(client, tx).get("status").asText()).isEqualTo("0x1");
      }

      // start the computation; kill member 1 (and 4) as soon as member 1 says it is computing
      SignedTransaction first = call(client, owner, 2);
      String id = Hashing.keccak256(first.hash(), Bytes.of(0, 0)).toHexString();
      List<Integer> victims = killed == 1 ? List.of(1) : List.of(1, 4);
      List<Runnable> restarts = new ArrayList<>();
      Path first1 = data.resolve("mpc-1").resolve("mpc-node.log");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> Files.readString(first1).contains("member 1 computing " + id));
      for (int j : victims) {
        restarts.add(devnet.kill9(j, data.resolve("mpc-" + j).resolve("mpc-node.log")));
      }

      // while member 1 is down, one more account submits (the largest amount)
      long late = 950_000_000L + random.nextInt(40_000_000);
      SignedTransaction lateInput =
          submit(client, committee, contract, accounts.get(ACCOUNTS - 1), 0, late);
      assertThat(Receipts.await(client, lateInput).get("status").asText()).isEqualTo("0x1");
      restarts.forEach(Runnable::run);

      await()
          .atMost(Duration.ofSeconds(240))
          .ignoreExceptions()
          .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
      JsonNode record = client.call("zk_getComputation", id);
      assertThat(Long.decode(record.get("attempt").asText()))
          .as("the crash aborted attempt 0: %s", record)
          .isGreaterThanOrEqualTo(1);
      assertThat(record.get("aborts").toString()).contains("\"attempt\":\"0x0\"");
      long expected = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(query(client, contract, "max_value")).isEqualTo(Long.toString(expected));
      assertThat(query(client, contract, "abort_count")).isEqualTo("0");

      // the restarted member opened the input sent while it was down: a second computation
      // (which needs all four members) reads it
      SignedTransaction second = call(client, owner, 3);
      String id2 = Hashing.keccak256(second.hash(), Bytes.of(0, 0)).toHexString();
      await()
          .atMost(Duration.ofSeconds(240))
          .ignoreExceptions()
          .until(() -> client.call("zk_getComputation", id2).get("status").asText().equals("done"));
      assertThat(query(client, contract, "max_value")).isEqualTo(Long.toString(late));
      assertThat(query(client, contract, "result_count")).isEqualTo("2");
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
  }

  private static SignedTransaction submit(
      RpcClient client,
      InputCommittee committee,
      Address contract,
      KeyPair account,
      long nonce,
      long amount)
      throws Exception {
    SignedTransaction tx =
        tx(
            account,
            nonce,
            TransactionKind.SECRET_INPUT,
            Optional.of(contract),
            Sealer.seal(
                    committee,
                    new InputContext(
                        1337, account.address(), nonce, contract, "amounts", 0, committee.hash()),
                    List.of(BigInteger.valueOf(amount)))
                .encode());
    client.call("tx_send", tx.encoded().toHexString());
    return tx;
  }

  private static SignedTransaction call(RpcClient client, KeyPair owner, long nonce)
      throws Exception {
    SignedTransaction tx =
        tx(
            owner,
            nonce,
            TransactionKind.CALL,
            Optional.of(Payloads.contractAddress(owner.address(), 0)),
            Payloads.call("largest", Bytes.fromHexString("0xc0")));
    client.call("tx_send", tx.encoded().toHexString());
    assertThat(Receipts.await(client, tx).get("status").asText()).isEqualTo("0x1");
    return tx;
  }

  private static String query(RpcClient client, Address contract, String view) throws Exception {
    return client.call("contract_query", contract.toHexString(), view).get("value").asText();
  }

  private static SignedTransaction tx(
      KeyPair from, long nonce, TransactionKind kind, Optional<Address> to, Bytes payload) {
    return new Transaction(1337, nonce, kind, UInt256.ONE, 5_000_000, to, UInt256.ZERO, payload)
        .sign(from);
  }
}

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
import io.parley.node.wallet.CommitteeView;
import io.parley.node.wallet.RpcClient;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guaranteed output when a member crashes (ADR 0037), on `parley devnet` as processes (4
 * validators, 4 MPC members): member 1 is killed with SIGKILL in the middle of a computation; the
 * others time out and report the attempt aborted, the chain starts attempt 1, the operator restarts
 * member 1, which reports its lost attempt, catches up from its own RocksDB (including an input
 * submitted while it was down) and takes part in attempt 1; the result is correct. A second
 * computation afterwards reads the input it caught up on.
 */
class MemberCrashDevnetTest {
  private static final int ACCOUNTS = 9;

  @TempDir Path dir;

  @Test
  void aMemberKilledDuringAComputationRejoinsAndTheResultIsStillDelivered() throws Exception {
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
                "--mpc-step-timeout-ms",
                "8000"))) {
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

      // start the computation; kill member 1 as soon as it says it is computing
      SignedTransaction first = call(client, owner, 2);
      String id = Hashing.keccak256(first.hash(), Bytes.of(0, 0)).toHexString();
      Path log1 = data.resolve("mpc-1").resolve("mpc-node.log");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> Files.readString(log1).contains("member 1 computing " + id));
      Runnable restart = devnet.kill9(1, log1);

      // while member 1 is down, one more account submits (the largest amount)
      long late = 950_000_000L + random.nextInt(40_000_000);
      SignedTransaction lateInput =
          submit(client, committee, contract, accounts.get(ACCOUNTS - 1), 0, late);
      assertThat(Receipts.await(client, lateInput).get("status").asText()).isEqualTo("0x1");
      restart.run();

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
      String memberLog = Files.readString(log1, StandardCharsets.ISO_8859_1);
      assertThat(memberLog).contains("restarted during attempt 0 of " + id);
      for (long amount : amounts) {
        assertThat(memberLog).doesNotContain(Long.toString(amount));
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

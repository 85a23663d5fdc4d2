package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.Receipts;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confidential flow on `parley devnet` as processes (4 validators, 4 MPC members): 20 accounts
 * each submit a secret amount, one asks for the total, the members compute and vote, the chain
 * stores the revealed total; it equals the plain sum, and no submitted amount appears in any block,
 * receipt, RPC answer or log of any node or member.
 */
class ConfidentialDevnetTest {
  private static final int ACCOUNTS = 20;

  @TempDir Path dir;

  @Test
  void twentyAccountsSubmitSecretlyAndOnlyTheTotalReachesTheChain() throws Exception {
    Path data = dir.resolve("devnet");
    int metrics = NodeProcess.freePort();
    int mpc = NodeProcess.freePort();
    try (DevnetProcess devnet =
        DevnetProcess.start(
            data,
            dir.resolve("devnet.log"),
            List.of(
                "--accounts",
                Integer.toString(ACCOUNTS),
                "--metrics-port",
                Integer.toString(metrics),
                "--mpc-port",
                Integer.toString(mpc)))) {
      RpcClient client = devnet.client();
      List<KeyPair> accounts = DevnetWallet.accounts(data, ACCOUNTS);
      KeyPair owner = accounts.get(0);
      Address contract =
          DevnetWallet.deploy(
              client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretSum.par"));
      CommitteeView view = CommitteeView.fetch(client, contract);

      // distinctive amounts: nine digits, so a search for them cannot match by chance
      Random random = new Random(20);
      List<Long> amounts = new ArrayList<>();
      List<SignedTransaction> submitted = new ArrayList<>();
      for (KeyPair account : accounts) {
        long amount = 100_000_000L + random.nextInt(800_000_000);
        amounts.add(amount);
        SignedTransaction tx =
            DevnetWallet.secretInput(account, account == owner ? 1 : 0, view, "amounts", amount);
        client.call("tx_send", tx.encoded().toHexString());
        submitted.add(tx);
      }
      for (SignedTransaction tx : submitted) {
        assertThat(Receipts.await(client, tx).get("status").asText()).isEqualTo("0x1");
      }
      DevnetWallet.awaitChecked(client, submitted);
      SignedTransaction total = DevnetWallet.call(owner, 2, contract, "total");
      assertThat(DevnetWallet.send(client, total).get("status").asText()).isEqualTo("0x1");
      String id = Hashing.keccak256(total.hash(), Bytes.of(0, 0)).toHexString();
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
      long expected = amounts.stream().mapToLong(Long::longValue).sum();
      assertThat(DevnetWallet.query(client, contract, "total_of"))
          .isEqualTo(Long.toString(expected));
      assertThat(client.call("zk_getComputation", id).get("inputs").get(0).get("used"))
          .hasSize(ACCOUNTS);

      // nothing submitted appears in the clear: every block with its transactions, every
      // receipt, the computation record, and every node's and member's log
      StringBuilder seen = new StringBuilder();
      long head = Long.decode(client.call("chain_head").get("number").asText());
      for (long h = 0; h <= head; h++) {
        JsonNode block = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
        seen.append(block);
        for (JsonNode t : block.get("transactions")) {
          seen.append(client.call("tx_getReceipt", t.get("hash").asText()));
        }
      }
      seen.append(client.call("zk_getComputation", id));
      try (Stream<Path> files = Files.walk(data)) {
        List<Path> logs =
            files
                .filter(
                    p ->
                        p.getFileName().toString().equals("node.log")
                            || p.getFileName().toString().equals("mpc-node.log"))
                .toList();
        assertThat(logs).hasSize(8); // 4 validators, 4 members
        for (Path log : logs) {
          seen.append(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
      seen.append(Files.readString(dir.resolve("devnet.log")));
      String everything = seen.toString();
      // the search finds what is public: the revealed total, in the members' signed statements
      assertThat(everything)
          .contains(
              Bytes.wrap(BigInteger.valueOf(expected).toByteArray())
                  .trimLeadingZeros()
                  .toUnprefixedHexString());
      for (long amount : amounts) {
        assertThat(everything)
            .as("amount %d", amount)
            .doesNotContain(Long.toString(amount))
            .doesNotContain(Bytes.ofUnsignedLong(amount).toUnprefixedHexString());
      }

      arrivalChecks(client, accounts);
      badSharing(client, accounts);
    }
  }

  /**
   * A wallet that deals an inconsistent Shamir sharing (member 0's share of the value is off the
   * polynomial) into a collection without {@code where} (ADR 0057): the arrival check's decoding
   * locates member 0, which discloses what it was dealt (secret-inputs.md section 6.1); the chain
   * recomputes its opening from that plaintext, finds it honest, and rejects the input with reason
   * 7, the sender's fault, whatever the other members' reports said meanwhile. Its index is freed,
   * no member is blamed, and a computation started afterwards reads only the honest input.
   */
  private static void badSharing(RpcClient client, List<KeyPair> accounts) throws Exception {
    KeyPair owner = accounts.get(5);
    Address contract =
        DevnetWallet.deploy(
            client, owner, 1, Path.of("../contracts/src/test/resources/contracts/SecretSum.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);
    SignedTransaction honest =
        DevnetWallet.secretInput(accounts.get(6), 1, view, "amounts", 424_242_424L);
    KeyPair cheat = accounts.get(7);
    var committee = view.committee();
    List<byte[]> plains =
        committee
            .format()
            .deal(
                List.of(BigInteger.valueOf(171_717_171L)),
                committee.size(),
                committee.threshold(),
                io.parley.zk.inputs.RandomBytes.secure());
    plains.get(0)[4] ^= 1; // member 0's share of the value, after the tag and the count
    SignedTransaction bad =
        DevnetWallet.sealedPlains(cheat, 1, contract, "amounts", committee, plains);
    assertThat(DevnetWallet.send(client, honest).get("status").asText()).isEqualTo("0x1");
    assertThat(DevnetWallet.send(client, bad).get("status").asText()).isEqualTo("0x1");
    DevnetWallet.awaitChecked(client, List.of(honest));
    DevnetWallet.awaitRejected(
        client, java.util.Set.of(Hashing.keccak256(bad.hash(), Bytes.of(0, 0))), 7);
    JsonNode failed = client.call("zk_getComputation", DevnetWallet.checkId(bad));
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("blames")).isEmpty();
    for (JsonNode abort : failed.get("aborts")) {
      assertThat(abort.get("reason").asText()).as("%s", abort).isEqualTo("inconsistent-input");
    }
    SignedTransaction total = DevnetWallet.call(owner, 2, contract, "total");
    assertThat(DevnetWallet.send(client, total).get("status").asText()).isEqualTo("0x1");
    String id = Hashing.keccak256(total.hash(), Bytes.of(0, 0)).toHexString();
    assertThat(client.call("zk_getComputation", id).get("inputs").get(0).get("used")).hasSize(1);
    awaitDone(client, id);
    assertThat(DevnetWallet.query(client, contract, "total_of")).isEqualTo("424242424");
    // the committee is whole: nobody was excluded or lost a seat over the bad sharing
    for (JsonNode member : client.call("zk_getCommittee", contract.toHexString()).get("members")) {
      assertThat(member.get("heldBy").isNull()).as("%s", member).isTrue();
      assertThat(member.get("excluded").isNull()).as("%s", member).isTrue();
    }
  }

  /**
   * The committee checks a collection's where rule on each arriving input before it counts
   * (computations.md section 4): a gift within the rule is accepted, one above it is rejected with
   * one public bit and its index freed, and a computation started afterwards reads only the
   * accepted one.
   */
  private static void arrivalChecks(RpcClient client, List<KeyPair> accounts) throws Exception {
    KeyPair giver = accounts.get(1);
    Address contract =
        DevnetWallet.deploy(
            client, giver, 1, Path.of("../contracts/src/test/resources/contracts/Donations.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);
    long[] gifts = {300, 600}; // the rule: value <= 500
    List<JsonNode> receipts = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      receipts.add(
          DevnetWallet.send(
              client, DevnetWallet.secretInput(giver, 2 + g, view, "gifts", gifts[g])));
    }
    List<String> checks = new ArrayList<>();
    for (JsonNode r : receipts) {
      assertThat(r.get("status").asText()).isEqualTo("0x1");
      String started = ComputationRegistry.STARTED.toHexString();
      for (JsonNode e : r.get("events")) {
        if (e.get("topics").get(0).asText().equals(started)) {
          checks.add("0x" + e.get("data").asText().substring(6));
        }
      }
    }
    assertThat(checks).hasSize(2);
    for (String check : checks) {
      awaitDone(client, check);
    }
    assertThat(client.call("zk_getComputation", checks.get(0)).get("function").asText())
        .isEqualTo("valid__gifts");
    // the rejected gift's index is free again: one gift stored
    assertThat(DevnetWallet.query(client, contract, "stored")).isEqualTo("1");
    SignedTransaction settle = DevnetWallet.call(giver, 4, contract, "settle");
    assertThat(DevnetWallet.send(client, settle).get("status").asText()).isEqualTo("0x1");
    String id = Hashing.keccak256(settle.hash(), Bytes.of(0, 0)).toHexString();
    JsonNode record = client.call("zk_getComputation", id);
    // only the accepted input is read
    assertThat(record.get("inputs").get(0).get("used")).hasSize(1);
    assertThat(record.get("inputs").get(0).get("used").get(0).get("index").asText())
        .isEqualTo("0x0");
    awaitDone(client, id);
    assertThat(DevnetWallet.query(client, contract, "settled")).isEqualTo("1");
    assertThat(DevnetWallet.query(client, contract, "status")).isEqualTo("false");
  }

  private static void awaitDone(RpcClient client, String id) {
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
  }
}

package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.CorruptMember;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Blame;
import io.parley.zk.king.KingBlameVerifier;
import io.parley.zk.messages.Committee;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that sends a wrong value, on `parley devnet` as processes (4 validators and 4 MPC
 * members; member 2 runs the test-only {@link CorruptMember} deviation, in the first computation it
 * takes part in: the check of one input): the honest members prove it, post the evidence, the chain
 * verifies and records it and excludes member 2; the check is retried and accepts the input; an
 * independent verifier (the engine's, outside the chain, with the genesis public keys) accepts the
 * recorded evidence; no computation starts while member 2 is excluded, and after its operator's
 * {@code parley mpc rejoin} they start and finish again. No submitted value appears in any member's
 * log.
 */
class CorruptMemberDevnetTest {
  private static final int ACCOUNTS = 5;
  private static final int CHEATER = 2;

  @TempDir Path dir;

  @Test
  void aCheatingMemberIsProvenRecordedAndExcludedAndTheResultIsStillCorrect() throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data,
            dir.resolve("devnet.log"),
            ACCOUNTS,
            4,
            NodeProcess.freePort(),
            Map.of(CorruptMember.VARIABLE, Integer.toString(CHEATER)),
            // the cheat is a wrong king-opening share: pin shamir-king (the engine's rule would
            // run SecretMax's u64 comparisons on rep4)
            List.of("--mpc-protocol", "shamir-king"))) {
      run(devnet, data);
    }
  }

  /**
   * A wallet deals 2^64 + 5 for a u64 (Shamir shares of any field element are well formed): the
   * engine's range check finds it in the first attempt, t+1 members report it (reason 5), and the
   * input is rejected at once, the sender's fault, with nobody blamed.
   */
  private static void outOfRange(
      RpcClient client, KeyPair wallet, CommitteeView view, Address contract) throws Exception {
    var committee = view.committee();
    List<byte[]> plains =
        committee
            .format()
            .deal(
                List.of(
                    java.math.BigInteger.ONE.shiftLeft(64).add(java.math.BigInteger.valueOf(5))),
                committee.size(),
                committee.threshold(),
                io.parley.zk.inputs.RandomBytes.secure());
    SignedTransaction bad =
        DevnetWallet.sealedPlains(wallet, 1, contract, "amounts", committee, plains);
    assertThat(DevnetWallet.send(client, bad).get("status").asText()).isEqualTo("0x1");
    String check = DevnetWallet.checkId(bad);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(180))
        .ignoreExceptions()
        .until(
            () -> client.call("zk_getComputation", check).get("status").asText().equals("failed"));
    JsonNode failed = client.call("zk_getComputation", check);
    assertThat(failed.get("blames")).isEmpty();
    assertThat(failed.get("attempt").asText()).isEqualTo("0x0");
    assertThat(failed.get("aborts").size()).isGreaterThanOrEqualTo(2);
    for (JsonNode abort : failed.get("aborts")) {
      assertThat(abort.get("reason").asText()).as("%s", abort).isEqualTo("input-out-of-range");
    }
  }

  private void run(DevnetProcess devnet, Path data) throws Exception {
    RpcClient client = devnet.client();
    List<KeyPair> accounts = DevnetWallet.accounts(data, ACCOUNTS);
    KeyPair owner = accounts.get(0);
    Address contract =
        DevnetWallet.deploy(
            client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);
    Random random = new Random(41);
    List<Long> amounts = new ArrayList<>();
    for (int k = 0; k < ACCOUNTS; k++) {
      amounts.add(100_000_000L + random.nextInt(800_000_000));
    }
    // every input's check is a computation: member 2 cheats in the first it takes part in
    DevnetWallet.submitAll(client, accounts, view, "amounts", amounts);
    String id = null;
    JsonNode record = null;
    for (JsonNode c : client.call("zk_listComputations", "0x0", "0x64").get("computations")) {
      JsonNode r = client.call("zk_getComputation", c.get("id").asText());
      if (!r.get("blames").isEmpty()) {
        assertThat(id).as("one computation with a blame").isNull();
        id = c.get("id").asText();
        record = r;
      }
    }
    assertThat(id).as("the cheat was proven in a computation").isNotNull();

    // the cheat was proven and recorded under the check, which was retried and still accepted
    // the input (the maximum below reads every input)
    assertThat(record.get("function").asText()).isEqualTo("valid__amounts");
    assertThat(record.get("status").asText()).isEqualTo("done");
    assertThat(record.get("blames")).as("record %s", record).hasSize(1);
    assertThat(record.get("blames").get(0).get("accused").asText()).isEqualTo("0x" + CHEATER);
    assertThat(record.get("aborts").toString()).contains("\"reason\":\"blame\"");
    assertThat(Long.decode(record.get("attempt").asText())).isGreaterThanOrEqualTo(1);
    long expected = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();

    // an independent verifier holding only the genesis public keys accepts the evidence
    String digest = record.get("blames").get(0).get("evidence").asText();
    JsonNode evidence = client.call("zk_getEvidence", digest);
    Bytes bytes = Bytes.fromHexString(evidence.get("evidence").asText());
    assertThat(Hashing.keccak256(bytes).toHexString()).isEqualTo(digest);
    Blame blame = Blames.decode(bytes.toArrayUnsafe());
    assertThat(blame.accused()).isEqualTo(CHEATER);
    List<io.parley.base.crypto.PublicKey> keys = new ArrayList<>();
    for (JsonNode m : client.call("zk_getCommittee", contract.toHexString()).get("members")) {
      keys.add(io.parley.base.crypto.PublicKey.fromHex(m.get("signingKey").asText()));
    }
    assertThat(KingBlameVerifier.of(new Committee(keys)).verify(blame).valid()).isTrue();
    assertThat(
            client
                .call("zk_getCommittee", contract.toHexString())
                .get("members")
                .get(CHEATER)
                .get("excluded")
                .get("evidence")
                .asText())
        .isEqualTo(digest);

    // no computation starts while the cheater is excluded
    SignedTransaction refused = DevnetWallet.call(owner, 2, contract, "largest");
    assertThat(DevnetWallet.send(client, refused).get("failureReason").asText())
        .startsWith("the committee cannot compute: member " + CHEATER + " is excluded");

    // its operator takes it back (the deviation is spent: it sent one wrong share), and the next
    // computation runs with every member
    Path memberKey = DevnetWallet.memberKey(data, CHEATER);
    CliRun run = DevnetWallet.rejoin(devnet, data, CHEATER);
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("rejoin of " + KeyPair.of(KeyFiles.read(memberKey)).address().toHexString())
        .contains("committed in block");
    SignedTransaction again = DevnetWallet.call(owner, 3, contract, "largest");
    assertThat(DevnetWallet.send(client, again).get("status").asText()).isEqualTo("0x1");
    String second = Hashing.keccak256(again.hash(), Bytes.of(0, 0)).toHexString();
    DevnetWallet.awaitDone(client, second, Duration.ofSeconds(240));
    assertThat(DevnetWallet.query(client, contract, "max_value"))
        .isEqualTo(Long.toString(expected));
    assertThat(DevnetWallet.query(client, contract, "result_count")).isEqualTo("1");
    assertThat(client.call("zk_getComputation", second).get("blames")).isEmpty();

    outOfRange(client, accounts.get(1), view, contract);

    for (int j = 0; j < 4; j++) {
      String memberLog =
          Files.readString(
              data.resolve("mpc-" + j).resolve("mpc-node.log"), StandardCharsets.ISO_8859_1);
      for (long amount : amounts) {
        assertThat(memberLog).doesNotContain(Long.toString(amount));
      }
    }
  }
}

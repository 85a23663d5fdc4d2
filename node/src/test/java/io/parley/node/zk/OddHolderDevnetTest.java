package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.LyingHolder;
import io.parley.node.testing.NodeProcess;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that lies in a rep4 input's consistency check (attestation.md section 6, "Odd holders";
 * ADR 0060), on `parley devnet` as processes (4 validators, 4 MPC members on rep4; member 2 runs
 * the test-only {@link LyingHolder} deviation in the first check it takes part in). The wallet's
 * component commitments were checked by every holder, so the honest members' check finds member 2
 * odd: t+1 of them report it (reason 6, odd = [2]), the chain excludes member 2 and retries the
 * check, which accepts the input; the wallet is not blamed, and no plaintext was revealed. While
 * member 2 is excluded no computation starts; after its operator's rejoin one does, over both
 * inputs. Then a wallet that deals one member another copy of a component is found out by that
 * member's complaint (reason 3), nobody blamed.
 */
class OddHolderDevnetTest {
  private static final int LIAR = 2;

  @TempDir Path dir;

  @Test
  void aMemberThatLiesInTheInputCheckIsNamedByTheOthersAndExcluded() throws Exception {
    Path data = dir.resolve("devnet");
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data,
            dir.resolve("devnet.log"),
            4,
            4,
            NodeProcess.freePort(),
            Map.of(LyingHolder.VARIABLE, Integer.toString(LIAR)),
            List.of())) {
      RpcClient client = devnet.client();
      List<KeyPair> accounts = DevnetWallet.accounts(data, 4);
      KeyPair owner = accounts.get(0);
      Address contract =
          DevnetWallet.deploy(
              client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
      CommitteeView view = CommitteeView.fetch(client, contract);
      assertThat(view.committee().format().id()).isEqualTo("replicated-z2^64/1");
      SignedTransaction first =
          DevnetWallet.secretInput(accounts.get(1), 0, view, "amounts", 313_131_313L);
      assertThat(DevnetWallet.send(client, first).get("status").asText()).isEqualTo("0x1");
      DevnetWallet.awaitChecked(client, List.of(first));

      String check = DevnetWallet.checkId(first);
      JsonNode record = client.call("zk_getComputation", check);
      assertThat(record.get("status").asText()).isEqualTo("done");
      assertThat(Long.decode(record.get("attempt").asText())).isGreaterThanOrEqualTo(1);
      assertNamedTheLiar(record);
      // member 2 is excluded, with the digest of (check, attempt 0, seat 2) as its evidence
      Bytes32 digest =
          Hashing.keccak256(
              RLP.encodeList(
                  w -> {
                    w.writeValue(Bytes32.fromHexString(check));
                    w.writeLong(0);
                    w.writeLong(LIAR);
                  }));
      JsonNode excluded =
          client
              .call("zk_getCommittee", contract.toHexString())
              .get("members")
              .get(LIAR)
              .get("excluded");
      assertThat(excluded.get("evidence").asText()).isEqualTo(digest.toHexString());
      SignedTransaction refused = DevnetWallet.call(owner, 1, contract, "largest");
      assertThat(DevnetWallet.send(client, refused).get("failureReason").asText())
          .startsWith("the committee cannot compute: member " + LIAR + " is excluded");

      // its operator takes it back (the deviation is spent); the next check and a computation run
      CliRun run = DevnetWallet.rejoin(devnet, data, LIAR);
      assertThat(run.exit()).as(run.output()).isZero();
      SignedTransaction second =
          DevnetWallet.secretInput(accounts.get(2), 0, view, "amounts", 1_000_001L);
      assertThat(DevnetWallet.send(client, second).get("status").asText()).isEqualTo("0x1");
      DevnetWallet.awaitChecked(client, List.of(second));
      assertThat(client.call("zk_getComputation", DevnetWallet.checkId(second)).get("aborts"))
          .isEmpty();
      inconsistentDealing(client, accounts.get(3), view, contract);
      SignedTransaction largest = DevnetWallet.call(owner, 2, contract, "largest");
      assertThat(DevnetWallet.send(client, largest).get("status").asText()).isEqualTo("0x1");
      String id = Hashing.keccak256(largest.hash(), Bytes.of(0, 0)).toHexString();
      DevnetWallet.awaitDone(client, id, Duration.ofSeconds(180));
      assertThat(client.call("zk_getComputation", id).get("inputs").get(0).get("used")).hasSize(2);
      assertThat(DevnetWallet.query(client, contract, "max_value")).isEqualTo("313131313");
      shamirLiar(client, owner, accounts.get(1));

      for (int j = 0; j < 4; j++) {
        String memberLog =
            Files.readString(
                data.resolve("mpc-" + j).resolve("mpc-node.log"), StandardCharsets.ISO_8859_1);
        assertThat(memberLog)
            .doesNotContain("313131313")
            .doesNotContain("1000001")
            .doesNotContain("27182818");
      }
    }
  }

  /**
   * The same member lies in the consistency check of an honest Shamir input (its opening of w is
   * off by one, secret-inputs.md section 6): the others' decoding locates it and their reports name
   * it, it neither discloses nor agrees, so the check is retried with the input kept
   * (attestation.md section 6, "Located holders"), and the next attempt accepts the input: one
   * corrupt member can no longer get an honest input rejected.
   */
  private static void shamirLiar(RpcClient client, KeyPair owner, KeyPair sender) throws Exception {
    Address contract =
        DevnetWallet.deploy(
            client, owner, 3, Path.of("../contracts/src/test/resources/contracts/SecretSum.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);
    assertThat(view.protocol()).isEqualTo("shamir-king");
    SignedTransaction input = DevnetWallet.secretInput(sender, 1, view, "amounts", 27_182_818L);
    assertThat(DevnetWallet.send(client, input).get("status").asText()).isEqualTo("0x1");
    DevnetWallet.awaitChecked(client, List.of(input));
    JsonNode record = client.call("zk_getComputation", DevnetWallet.checkId(input));
    assertThat(Long.decode(record.get("attempt").asText())).isGreaterThanOrEqualTo(1);
    assertNamedTheLiar(record);
    SignedTransaction total = DevnetWallet.call(owner, 4, contract, "total");
    assertThat(DevnetWallet.send(client, total).get("status").asText()).isEqualTo("0x1");
    String id = Hashing.keccak256(total.hash(), Bytes.of(0, 0)).toHexString();
    DevnetWallet.awaitDone(client, id, Duration.ofSeconds(180));
    assertThat(DevnetWallet.query(client, contract, "total_of")).isEqualTo("27182818");
  }

  /** More than one report of attempt 0 named the liar, and only it, as odd. */
  private static void assertNamedTheLiar(JsonNode record) {
    long naming = 0;
    for (JsonNode abort : record.get("aborts")) {
      if (abort.get("attempt").asText().equals("0x0")
          && abort.get("reason").asText().equals("inconsistent-input")
          && abort.path("odd").toString().equals("[" + LIAR + "]")) {
        naming++;
      }
    }
    assertThat(naming).as("reports naming the liar: %s", record.get("aborts")).isGreaterThan(1);
  }

  /**
   * A wallet deals member 0 another copy of component 1 than members 2 and 3 hold: the component
   * commitment D_1 binds theirs, so member 0 cannot open its input and complains; every validator
   * opens member 0's ciphertext with the proven key and finds the sender at fault: the input is
   * rejected with reason 3, its check ends, nobody is blamed.
   */
  private static void inconsistentDealing(
      RpcClient client, KeyPair cheat, CommitteeView view, Address contract) throws Exception {
    var committee = view.committee();
    List<byte[]> plains =
        committee
            .format()
            .deal(
                List.of(java.math.BigInteger.valueOf(999_999_999L)),
                committee.size(),
                committee.threshold(),
                io.parley.zk.inputs.RandomBytes.secure());
    plains.get(0)[3] ^= 1; // member 0's copy of x_1: the first byte after the tag and the count
    SignedTransaction bad =
        DevnetWallet.sealedPlains(cheat, 0, contract, "amounts", committee, plains);
    assertThat(DevnetWallet.send(client, bad).get("status").asText()).isEqualTo("0x1");
    DevnetWallet.awaitRejected(
        client, java.util.Set.of(Hashing.keccak256(bad.hash(), Bytes.of(0, 0))), 3);
    JsonNode check = client.call("zk_getComputation", DevnetWallet.checkId(bad));
    assertThat(check.get("status").asText()).isEqualTo("failed");
    assertThat(check.get("blames")).isEmpty();
    for (JsonNode member : client.call("zk_getCommittee", contract.toHexString()).get("members")) {
      assertThat(member.get("excluded").isNull()).as("%s", member).isTrue();
    }
  }
}

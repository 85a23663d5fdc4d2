package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Payloads;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.ComputationVotes;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.Receipts;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain's side of guaranteed output (docs/spec/attestation.md section 6, ADR 0037): abort
 * reports from members, t+1 of them for the current attempt start the next one, the last attempt's
 * failure runs {@code on abort} with the reason; bad reports are refused with their reason and
 * change nothing. A report carries no secret, so the path reveals nothing an honest run would not.
 */
class AbortReportTest {
  @TempDir Path dir;

  @Test
  void tPlusOneReportsRetryAndTheLastAttemptFailsIntoOnAbort() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    List<KeyPair> members = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
    }
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      // Donations (without its rule), two gifts, then alice's settle (nonces 0, 1, 2)
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      SignedTransaction settle = ConfidentialFlow.settle(client, alice, contract);
      Bytes32 id = Hashing.keccak256(settle.hash(), Bytes.of(0, 0));
      // the caller paid the computation's fee into the registry account, where it waits
      JsonNode started = record(client, id);
      assertThat(started.get("caller").asText()).isEqualTo(alice.address().toHexString());
      UInt256 fee = UInt256.fromHexString(started.get("fee").asText());
      assertThat(fee.toLong()).isGreaterThan(io.parley.node.execution.Fees.BASE);
      assertThat(balance(client, ComputationRegistry.REGISTRY)).isEqualTo(fee);
      long[] nonces = new long[4];

      // refused at admission (4017), nothing recorded: a reason outside 1..6, an attempt past
      // the last, and a paid report from an account that is not a member
      for (Bytes bad :
          List.of(
              raw(id, 0, 7),
              raw(id, 0, 0),
              raw(id, ComputationRegistry.MAX_ATTEMPTS, 1),
              RLP.encodeList(w -> w.writeLong(9)))) {
        SignedTransaction tx = report(members.get(0), nonces[0], contract, bad);
        assertThatThrownBy(() -> client.call("tx_send", tx.encoded().toHexString()))
            .isInstanceOfSatisfying(
                RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));
      }
      SignedTransaction stranger =
          new Transaction(
                  TestNetwork.CHAIN_ID,
                  3,
                  TransactionKind.COMPUTATION_VOTE,
                  UInt256.ONE,
                  2_000_000,
                  Optional.of(contract),
                  UInt256.ZERO,
                  raw(id, 0, 1))
              .sign(alice);
      assertThatThrownBy(() -> client.call("tx_send", stranger.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> {
                assertThat(e.code()).isEqualTo(4017);
                assertThat(e.getMessage()).contains("not a committee member");
              });
      assertThat(record(client, id).get("aborts")).isEmpty();

      // executed but failed, nothing changed: a report for an attempt that is not the current one
      JsonNode early = send(client, report(members.get(0), nonces[0]++, contract, raw(id, 1, 1)));
      assertThat(early.get("failureReason").asText())
          .contains("attempt 1 is not the computation's current attempt 0");
      assertThat(record(client, id).get("aborts")).isEmpty();

      // one report is not enough (t = 1): the attempt goes on
      JsonNode one = send(client, report(members.get(0), nonces[0]++, contract, raw(id, 0, 1)));
      assertThat(one.get("status").asText()).isEqualTo("0x1");
      assertThat(record(client, id).get("status").asText()).isEqualTo("queued");
      JsonNode again = send(client, report(members.get(0), nonces[0]++, contract, raw(id, 0, 1)));
      assertThat(again.get("failureReason").asText())
          .contains("member 0 has already reported attempt 0");

      // the second (t+1-th) report starts attempt 1, with the chain's event
      JsonNode second = send(client, report(members.get(1), nonces[1]++, contract, raw(id, 0, 2)));
      assertThat(second.get("events").toString())
          .contains(ComputationRegistry.RETRIED.toHexString());
      JsonNode retried = record(client, id);
      assertThat(retried.get("status").asText()).isEqualTo("retried");
      assertThat(retried.get("attempt").asText()).isEqualTo("0x1");
      assertThat(retried.get("aborts").toString()).contains("\"reason\":\"restarted\"");

      // attempts 1 and 2 abort the same way; in the last, one report proves a cheat (reason 3).
      // In attempt 1 both reports say a dealt input is out of range (reason 5): that ends only a
      // validity check at once (ADR 0059); this computation reads held inputs and is retried
      for (int a = 1; a < ComputationRegistry.MAX_ATTEMPTS; a++) {
        send(client, report(members.get(2), nonces[2]++, contract, raw(id, a, a == 1 ? 5 : 1)));
        assertThat(record(client, id).get("attempt").asText()).isEqualTo("0x" + a);
        boolean last = a == ComputationRegistry.MAX_ATTEMPTS - 1;
        JsonNode r =
            send(
                client,
                report(
                    members.get(3), nonces[3]++, contract, raw(id, a, last ? 3 : a == 1 ? 5 : 1)));
        assertThat(r.get("status").asText()).isEqualTo("0x1");
        if (last) {
          assertThat(r.get("events").toString()).contains(ComputationRegistry.FAILED.toHexString());
        }
      }
      // the fee went back to the caller
      assertThat(balance(client, ComputationRegistry.REGISTRY)).isEqualTo(UInt256.ZERO);
      JsonNode failed = record(client, id);
      assertThat(failed.get("status").asText()).isEqualTo("failed");
      assertThat(failed.get("attempt").asText()).isEqualTo("0x3");
      assertThat(failed.get("result").asText()).isEqualTo(Bytes32.ZERO.toHexString());
      // on abort ran once, with reason 1 (a member was proven to cheat in the last attempt)
      assertThat(query(client, contract, "abort_reason")).isEqualTo("1");
      // a late report changes nothing
      JsonNode late = send(client, report(members.get(0), nonces[0]++, contract, raw(id, 3, 1)));
      assertThat(late.get("failureReason").asText()).contains("the computation is failed");

      // at most 16 computations of one contract in flight: the 17th start fails, nothing kept
      List<SignedTransaction> starts = new ArrayList<>();
      for (int k = 0; k <= io.parley.node.execution.Fees.MAX_IN_FLIGHT; k++) {
        SignedTransaction start =
            new Transaction(
                    TestNetwork.CHAIN_ID,
                    3 + k,
                    TransactionKind.CALL,
                    UInt256.ONE,
                    1_000_000,
                    Optional.of(contract),
                    UInt256.ZERO,
                    Payloads.call("settle", Bytes.fromHexString("0xc0")))
                .sign(alice);
        client.call("tx_send", start.encoded().toHexString());
        starts.add(start);
      }
      for (int k = 0; k < starts.size(); k++) {
        JsonNode r = Receipts.await(client, starts.get(k));
        if (k < io.parley.node.execution.Fees.MAX_IN_FLIGHT) {
          assertThat(r.get("status").asText()).isEqualTo("0x1");
        } else {
          assertThat(r.get("failureReason").asText())
              .isEqualTo("the contract has 16 computations in flight; the limit is 16");
          String refused = Hashing.keccak256(starts.get(k).hash(), Bytes.of(0, 0)).toHexString();
          assertThatThrownBy(() -> client.call("zk_getComputation", refused))
              .isInstanceOfSatisfying(
                  RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4071));
        }
      }
    }
  }

  /**
   * attestation.md section 6, "Odd holders (rep4)" (ADR 0060): reports of an input check that name
   * the seat whose digests were odd. The liar's own report naming an honest seat, then one honest
   * report naming the liar: t+1 reports but no agreement, so nothing is decided (no retry, nobody
   * excluded). The second honest report makes t+1 naming the liar: it is excluded, the check
   * retried, the input kept.
   */
  @Test
  void reportsNamingTheSameOddHolderExcludeItAndRetryTheCheck() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Path keys = network.generated().directory();
    List<KeyPair> members = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
    }
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      // SecretMax's u64 comparisons run on rep4 (the engine's rule)
      KeyPair owner = network.accounts().get(0);
      Address contract =
          io.parley.node.testing.DevnetWallet.deploy(
              client, owner, 0, Path.of("../contracts/src/test/resources/contracts/SecretMax.par"));
      assertThat(client.call("zk_getCommittee", contract.toHexString()).get("protocol").asText())
          .isEqualTo("rep4");
      SignedTransaction input =
          io.parley.node.testing.DevnetWallet.secretInput(
              network.accounts().get(1),
              0,
              io.parley.sdk.inputs.CommitteeView.fetch(client, contract),
              "amounts",
              77);
      assertThat(send(client, input).get("status").asText()).isEqualTo("0x1");
      Bytes32 check = Bytes32.fromHexString(io.parley.node.testing.DevnetWallet.checkId(input));
      long[] nonces = new long[4];
      int liar = 2;

      // refused: seats with a reason other than 1 and 6 (4017); a member naming its own seat
      SignedTransaction withSeats =
          report(members.get(0), nonces[0], contract, raw(check, 0, 5, 4));
      assertThatThrownBy(() -> client.call("tx_send", withSeats.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));
      JsonNode self =
          send(client, report(members.get(0), nonces[0]++, contract, raw(check, 0, 6, 1)));
      assertThat(self.get("failureReason").asText()).contains("does not name its own seat");

      JsonNode lie =
          send(client, report(members.get(liar), nonces[liar]++, contract, raw(check, 0, 6, 1)));
      assertThat(lie.get("status").asText()).isEqualTo("0x1");
      JsonNode firstHonest =
          send(client, report(members.get(0), nonces[0]++, contract, raw(check, 0, 6, 1L << liar)));
      assertThat(firstHonest.get("events")).isEmpty();
      JsonNode waiting = record(client, check);
      assertThat(waiting.get("status").asText()).isEqualTo("queued");
      assertThat(waiting.get("attempt").asText()).isEqualTo("0x0");
      assertThat(waiting.get("aborts").toString())
          .contains("\"odd\":[0]")
          .contains("\"odd\":[" + liar + "]");

      JsonNode secondHonest =
          send(client, report(members.get(1), nonces[1]++, contract, raw(check, 0, 6, 1L << liar)));
      assertThat(secondHonest.get("events").toString())
          .contains(io.parley.node.execution.MemberConduct.BLAMED.toHexString())
          .contains(ComputationRegistry.RETRIED.toHexString());
      JsonNode retried = record(client, check);
      assertThat(retried.get("status").asText()).isEqualTo("retried");
      assertThat(retried.get("attempt").asText()).isEqualTo("0x1");
      Bytes32 digest =
          Hashing.keccak256(
              RLP.encodeList(
                  w -> {
                    w.writeValue(check);
                    w.writeLong(0);
                    w.writeLong(liar);
                  }));
      JsonNode seat =
          client.call("zk_getCommittee", contract.toHexString()).get("members").get(liar);
      assertThat(seat.get("excluded").get("evidence").asText()).isEqualTo(digest.toHexString());
      for (int j = 0; j < 4; j++) {
        if (j != liar) {
          assertThat(
                  client
                      .call("zk_getCommittee", contract.toHexString())
                      .get("members")
                      .get(j)
                      .get("excluded")
                      .isNull())
              .isTrue();
        }
      }
    }
  }

  private static Bytes raw(Bytes32 id, int attempt, int reason, long seats) {
    return RLP.encodeList(
        w -> {
          w.writeLong(3);
          w.writeValue(id);
          w.writeLong(attempt);
          w.writeLong(reason);
          if (seats != 0) {
            w.writeLong(seats);
          }
        });
  }

  private static UInt256 balance(RpcClient client, Address a) throws RpcClientException {
    return UInt256.fromHexString(
        client.call("state_getAccount", a.toHexString()).get("balance").asText());
  }

  private static Bytes raw(Bytes32 id, int attempt, int reason) {
    return raw(id, attempt, reason, 0);
  }

  static SignedTransaction report(KeyPair member, long nonce, Address contract, Bytes payload) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            TransactionKind.COMPUTATION_VOTE,
            UInt256.ZERO,
            2_000_000,
            Optional.of(contract),
            UInt256.ZERO,
            payload)
        .sign(member);
  }

  static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }

  private static JsonNode record(RpcClient client, Bytes32 id) throws RpcClientException {
    return client.call("zk_getComputation", id.toHexString());
  }

  private static String query(RpcClient client, Address contract, String view)
      throws RpcClientException {
    return client.call("contract_query", contract.toHexString(), view).get("value").asText();
  }

  static {
    // the payload class the members use encodes what raw() writes
    assertThat(new ComputationVotes.AbortPayload(Bytes32.ZERO, 2, 4).encode())
        .isEqualTo(raw(Bytes32.ZERO, 2, 4));
  }
}

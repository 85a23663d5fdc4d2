package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.CommitteeSeats;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.execution.ComputationVotes;
import io.parley.node.execution.MemberConduct;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.computation.Blames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain hands seats to standby members (attestation.md section 8, ADR 0056): a member proven to
 * cheat, or one that t+1 reports of a later attempt name silent, loses its seat to the first free
 * standby member, which then signs for the seat; the previous holder's transactions are refused;
 * without a free standby nothing changes hands. Reports naming seats are checked like any other
 * report.
 */
class SeatReplacementTest {
  @TempDir Path dir;

  @Test
  void aCheaterAndASilentMemberLoseTheirSeatsToStandbyMembersWhileTheyLast() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4, 2);
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    List<KeyPair> members = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
    }
    List<KeyPair> standby = network.generated().standbyKeys();
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      SignedTransaction settle = ConfidentialFlow.settle(client, alice, contract);
      Bytes32 id = ConfidentialFlow.computationId(settle);
      JsonNode before = client.call("zk_getCommittee", contract.toHexString());
      assertThat(before.get("standby")).hasSize(2);
      long[] nonces = new long[4];
      long[] standbyNonces = new long[2];

      // member 1 is proven to cheat: standby 0 takes seat 1 rather than the seat being excluded
      Bytes evidence = Bytes.wrap(Blames.encode(BlameEvidenceTest.equivocation(members.get(1), 1)));
      JsonNode last = null;
      for (MemberConduct.EvidencePart p : MemberConduct.split(id, 0, 1, evidence, 65_536)) {
        last = send(client, tx(members.get(3), nonces[3]++, contract, p.encode()));
      }
      assertThat(last.get("status").asText()).isEqualTo("0x1");
      assertThat(last.get("events").toString())
          .contains(CommitteeSeats.REPLACED.toHexString().substring(2));
      JsonNode afterBlame = client.call("zk_getCommittee", contract.toHexString());
      JsonNode seat1 = afterBlame.get("members").get(1);
      assertThat(seat1.get("address").asText()).isEqualTo(standby.get(0).address().toHexString());
      assertThat(seat1.get("encryptionKey").asText())
          .isEqualTo(network.generated().standbyEncryptionKeys().get(0).publicKey().toHexString());
      assertThat(seat1.get("heldBy").get("standby").asText()).isEqualTo("0x0");
      assertThat(seat1.get("heldBy").get("cause").asText()).isEqualTo("blame");
      assertThat(seat1.get("excluded").isNull()).isTrue();
      assertThat(afterBlame.get("committeeHash").asText())
          .isNotEqualTo(before.get("committeeHash").asText());

      // the replaced member no longer speaks for seat 1; its standby does (at gas price 0)
      JsonNode old = send(client, tx(members.get(1), nonces[1]++, contract, report(id, 0, 2, 0)));
      assertThat(old.get("failureReason").asText()).contains("holds no seat");
      // reports naming silent seats: never itself, only with a timeout, only seats below n
      JsonNode self =
          send(client, tx(members.get(0), nonces[0]++, contract, report(id, 0, 1, 0b1)));
      assertThat(self.get("failureReason").asText()).contains("does not name its own seat");
      for (Bytes bad : List.of(report(id, 0, 2, 0b1000), report(id, 0, 1, 0b10000))) {
        SignedTransaction tx = tx(members.get(0), nonces[0], contract, bad);
        assertThatThrownBy(() -> client.call("tx_send", tx.encoded().toHexString()))
            .isInstanceOfSatisfying(
                RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));
      }

      // attempt 0: t+1 reports name seat 3 silent, yet a restarting member gets another attempt
      send(client, tx(standby.get(0), standbyNonces[0]++, contract, report(id, 0, 1, 0b1000)));
      JsonNode retried =
          send(client, tx(members.get(0), nonces[0]++, contract, report(id, 0, 1, 0b1000)));
      assertThat(retried.get("events").toString())
          .contains(ComputationRegistry.RETRIED.toHexString().substring(2))
          .doesNotContain(CommitteeSeats.REPLACED.toHexString().substring(2));
      // attempt 1: named again by t+1, seat 3 goes to standby 1
      send(client, tx(members.get(2), nonces[2]++, contract, report(id, 1, 1, 0b1000)));
      JsonNode replaced =
          send(client, tx(members.get(0), nonces[0]++, contract, report(id, 1, 1, 0b1000)));
      assertThat(replaced.get("events").toString())
          .contains(CommitteeSeats.REPLACED.toHexString().substring(2))
          .contains(ComputationRegistry.RETRIED.toHexString().substring(2));
      JsonNode seat3 = client.call("zk_getCommittee", contract.toHexString()).get("members").get(3);
      assertThat(seat3.get("address").asText()).isEqualTo(standby.get(1).address().toHexString());
      assertThat(seat3.get("heldBy").get("cause").asText()).isEqualTo("silent");

      // attempt 2: seat 2 named silent by t+1, but no standby is left: it keeps its member
      send(client, tx(standby.get(1), standbyNonces[1]++, contract, report(id, 2, 1, 0b100)));
      JsonNode none =
          send(client, tx(members.get(0), nonces[0]++, contract, report(id, 2, 1, 0b100)));
      assertThat(none.get("status").asText()).isEqualTo("0x1");
      assertThat(none.get("events").toString())
          .doesNotContain(CommitteeSeats.REPLACED.toHexString().substring(2));
      JsonNode seat2 = client.call("zk_getCommittee", contract.toHexString()).get("members").get(2);
      assertThat(seat2.get("address").asText()).isEqualTo(members.get(2).address().toHexString());
      assertThat(seat2.get("heldBy").isNull()).isTrue();
      assertThat(client.call("zk_getComputation", id.toHexString()).get("attempt").asText())
          .isEqualTo("0x3");
    }
  }

  private static Bytes report(Bytes32 id, int attempt, int reason, long silent) {
    return new ComputationVotes.AbortPayload(id, attempt, reason, silent).encode();
  }

  private static SignedTransaction tx(KeyPair sender, long nonce, Address contract, Bytes payload) {
    return AbortReportTest.report(sender, nonce, contract, payload);
  }

  private static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    return AbortReportTest.send(client, tx);
  }
}

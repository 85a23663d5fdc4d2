package io.parley.node.mpc;

import static io.parley.node.mpc.InputComplaintTest.paid;
import static io.parley.node.mpc.InputComplaintTest.send;
import static io.parley.node.mpc.InputComplaintTest.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.execution.MemberConduct;
import io.parley.node.execution.OffChainInputs;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.inputs.Complaint;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedBatch;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain's side of off-chain inputs (secret-inputs.md section 9), members played by hand: an
 * input's elements wait until every seat acknowledged, then each element's check starts. A second
 * acknowledgement, an expiry before the deadline, a notice about an input that does not wait, a
 * complaint whose ciphertext is not the one the digest names and a notice from a non-member change
 * nothing; a complaint about a ciphertext that opens proves the member lied and excludes it.
 */
class OffChainInputChainTest {
  @TempDir Path dir;

  @Test
  void elementsWaitForEveryAcknowledgementAndEveryBadNoticeChangesNothing() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 3, 4);
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    KeyPair carol = network.accounts().get(2);
    List<KeyPair> members = new ArrayList<>();
    List<PrivateKey> encryption = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      members.add(KeyPair.of(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key"))));
      encryption.add(KeyFiles.read(keys.resolve("mpc-" + j).resolve("encryption.key")));
    }
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      CommitteeView view = CommitteeView.fetch(client, contract);
      io.parley.sdk.inputs.OffChainInputs.Draft draft =
          io.parley.sdk.inputs.OffChainInputs.draft(
              view,
              "gifts",
              // the collection holds 4; the fixture's two gifts take two
              List.of(List.of(BigInteger.valueOf(11)), List.of(BigInteger.valueOf(12))));
      SignedTransaction tx =
          draft
              .template()
              .withChainId(TestNetwork.CHAIN_ID)
              .withNonce(0)
              .withGasPrice(org.apache.tuweni.units.bigints.UInt256.ONE)
              .sign(carol);
      JsonNode stored = send(client, tx);
      assertThat(stored.get("status").asText()).as(stored.toString()).isEqualTo("0x1");
      assertThat(stored.get("events").toString())
          .contains(OffChainInputs.AWAITING.toHexString().substring(2));
      Bytes ack = new OffChainInputs.Notice(8, tx.hash()).encode();
      long[] nonce = new long[4];

      // a non-member's acknowledgement is refused at admission
      assertThatThrownBy(() -> send(client, paid(alice, contract, ack)))
          .isInstanceOfSatisfying(
              RpcClientException.class,
              e -> assertThat(e.getMessage()).contains("not a committee member"));
      // a notice about an input that does not wait, and an expiry inside the window: failed
      assertThat(
              send(
                      client,
                      vote(
                          members.get(0),
                          nonce[0]++,
                          contract,
                          new OffChainInputs.Notice(8, Bytes32.ZERO).encode()))
                  .get("failureReason")
                  .asText())
          .contains("is not waiting for delivery");
      assertThat(
              send(
                      client,
                      vote(
                          members.get(0),
                          nonce[0]++,
                          contract,
                          new OffChainInputs.Notice(10, tx.hash()).encode()))
                  .get("failureReason")
                  .asText())
          .contains("the delivery window is open until");

      // members 0, 2 and 3 acknowledge; a second acknowledgement fails; nothing is checked yet
      for (int j : new int[] {0, 2, 3}) {
        JsonNode r = send(client, vote(members.get(j), nonce[j]++, contract, ack));
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("0x1");
        assertThat(r.get("events")).isEmpty();
      }
      assertThat(
              send(client, vote(members.get(2), nonce[2]++, contract, ack))
                  .get("failureReason")
                  .asText())
          .contains("member 2 already acknowledged");

      // member 1's complaint with a ciphertext that is not its digest's: failed
      SealedBatch batch = SealedBatch.decode(tx.transaction().payload(), 131_072);
      InputContext context =
          new InputContext(
              TestNetwork.CHAIN_ID,
              carol.address(),
              0,
              contract,
              "gifts",
              0,
              batch.committeeHash());
      Complaint lie =
          InputComplaintTest.falseComplaint(
              batch.ephemeral(), context, view.committee(), 1, encryption.get(1));
      JsonNode wrongCiphertext =
          send(
              client,
              vote(
                  members.get(1),
                  nonce[1]++,
                  contract,
                  new OffChainInputs.ComplaintPayload(
                          tx.encoded(), draft.ciphertexts().get(2), lie.encode())
                      .encode()));
      assertThat(wrongCiphertext.get("failureReason").asText())
          .contains("is not the one member 1's digest names");
      // its complaint about its real ciphertext, which opens: member 1 lied and is excluded
      JsonNode excluded =
          send(
              client,
              vote(
                  members.get(1),
                  nonce[1]++,
                  contract,
                  new OffChainInputs.ComplaintPayload(
                          tx.encoded(), draft.ciphertexts().get(1), lie.encode())
                      .encode()));
      assertThat(excluded.get("events").toString())
          .contains(MemberConduct.BLAMED.toHexString().substring(2));
      assertThat(
              client
                  .call("zk_getCommittee", contract.toHexString())
                  .get("members")
                  .get(1)
                  .get("excluded")
                  .isNull())
          .isFalse();

      // the last acknowledgement: delivered, and each element's check starts
      JsonNode delivered = send(client, vote(members.get(1), nonce[1]++, contract, ack));
      assertThat(delivered.get("status").asText()).as(delivered.toString()).isEqualTo("0x1");
      assertThat(delivered.get("events").toString())
          .contains(OffChainInputs.DELIVERED.toHexString().substring(2));
      for (int e = 0; e < 2; e++) {
        JsonNode check =
            client.call("zk_getComputation", OffChainInputs.checkId(tx.hash(), e).toHexString());
        assertThat(check.get("status").asText()).isEqualTo("queued");
        assertThat(check.get("inputs").toString())
            .contains(OffChainInputs.elementId(tx.hash(), e).toHexString());
      }
      assertThat(
              send(client, vote(members.get(3), nonce[3]++, contract, ack))
                  .get("failureReason")
                  .asText())
          .contains("is not waiting for delivery");
    }
  }
}

package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.runtime.ContractRuntime;
import io.parley.contracts.runtime.LoadedContract;
import io.parley.genesis.Genesis;
import io.parley.genesis.KeyFiles;
import io.parley.mpc.store.RocksMemberStore;
import io.parley.node.ParleyNode;
import io.parley.node.execution.ComputationVotes;
import io.parley.node.testing.Receipts;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import io.parley.zk.local.LocalCommittee;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A confidential computation's result reaching the chain (docs/spec/attestation.md section 5):
 * secret inputs submitted by two accounts, a start, each member's shares taken from its own store
 * (filled by following the chain), the real engine run with the members' keys (here all members in
 * this process, through the engine's door; over the committee network is the rest of issue 13), and
 * each member's signed vote sent as a transaction. One member lies; the computation is final at the
 * third honest vote, the contract's callback runs on every validator, and the record shows the
 * votes and the result.
 */
class ConfidentialResultTest {
  @TempDir Path dir;

  private static JsonNode send(RpcClient client, SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    return Receipts.await(client, tx);
  }

  private static UInt256 balance(RpcClient client, Address a) throws RpcClientException {
    return UInt256.fromHexString(
        client.call("state_getAccount", a.toHexString()).get("balance").asText());
  }

  private static long nonce(RpcClient client, Address a) throws RpcClientException {
    return Long.decode(client.call("state_getAccount", a.toHexString()).get("nonce").asText());
  }

  private static SignedTransaction vote(
      KeyPair member,
      long nonce,
      Address contract,
      Bytes32 id,
      Statement statement,
      Bytes32 shares,
      int j) {
    Vote vote = Vote.sign(statement, j, shares, member.privateKey());
    Bytes payload = new ComputationVotes.Payload(id, statement, shares, vote.signature()).encode();
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

  @Test
  void votesOfTwoTPlusOneMembersMakeTheResultFinalAndRunTheCallback() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Genesis genesis = Genesis.load(network.genesisFile());
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    KeyPair bob = network.accounts().get(1);
    var compiled = io.parley.node.testing.ConfidentialFlow.donationsWithoutRule();
    LoadedContract code = new ContractRuntime().load(compiled.bundle().encode());
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      send(
          client,
          new Transaction(
                  TestNetwork.CHAIN_ID,
                  0,
                  TransactionKind.DEPLOY,
                  UInt256.ONE,
                  5_000_000,
                  Optional.empty(),
                  UInt256.ZERO,
                  Payloads.deploy(compiled.bundle().encode(), Bytes.fromHexString("0xc0")))
              .sign(alice));
      Address contract = Payloads.contractAddress(alice.address(), 0);
      CommitteeView view = CommitteeView.fetch(client, contract);
      InputCommittee committee = view.committee();
      long[] gifts = {300, 450};
      List<KeyPair> givers = List.of(alice, bob);
      for (int g = 0; g < 2; g++) {
        KeyPair giver = givers.get(g);
        long n = nonce(client, giver.address());
        JsonNode r =
            send(
                client,
                new Transaction(
                        TestNetwork.CHAIN_ID,
                        n,
                        TransactionKind.SECRET_INPUT,
                        UInt256.ONE,
                        1_000_000,
                        Optional.of(contract),
                        UInt256.ZERO,
                        Sealer.seal(
                                committee,
                                new InputContext(
                                    TestNetwork.CHAIN_ID,
                                    giver.address(),
                                    n,
                                    contract,
                                    "gifts",
                                    0,
                                    committee.hash()),
                                List.of(BigInteger.valueOf(gifts[g])))
                            .encode())
                    .sign(giver));
        assertThat(r.get("status").asText()).isEqualTo("0x1");
      }
      // the committee checks each gift before a computation reads it: members run for the checks
      // alone, then stop, and this test plays them by hand
      try (AutoCloseable running =
          io.parley.node.testing.ConfidentialFlow.members(
              dir, genesis, keys, () -> TestNetwork.client(node))) {
        io.parley.node.testing.ConfidentialFlow.awaitChecks(client, Duration.ofSeconds(120));
      }
      SignedTransaction settle =
          new Transaction(
                  TestNetwork.CHAIN_ID,
                  nonce(client, alice.address()),
                  TransactionKind.CALL,
                  UInt256.ONE,
                  1_000_000,
                  Optional.of(contract),
                  UInt256.ZERO,
                  Payloads.call("settle", Bytes.fromHexString("0xc0")))
              .sign(alice);
      JsonNode settled = send(client, settle);
      long last = Long.decode(settled.get("blockNumber").asText());
      Bytes32 id = Hashing.keccak256(settle.hash(), Bytes.of(0, 0));
      ComputationInputs.Started started =
          ComputationInputs.Started.fromRpc(client.call("zk_getComputation", id.toHexString()));

      // each member follows the chain into its own store, then contributes its own shares
      Protocol protocol = Protocols.named(view.protocol());
      List<PrivateKey> signing = new ArrayList<>();
      List<Map<String, ShareVector>> held = new ArrayList<>();
      VerifiedBlocks blocks =
          new VerifiedBlocks(client, TestNetwork.CHAIN_ID, genesis.config().validators(), 131_072);
      for (int j = 0; j < 4; j++) {
        signing.add(KeyFiles.read(keys.resolve("mpc-" + j).resolve("key")));
        try (RocksMemberStore store = RocksMemberStore.open(dir.resolve("member-" + j))) {
          InputFollower follower =
              new InputFollower(
                  TestNetwork.CHAIN_ID,
                  genesis.config().mpcCommittee(),
                  j,
                  KeyFiles.read(keys.resolve("mpc-" + j).resolve("encryption.key")),
                  store);
          MemberFollowerLoop loop = new MemberFollowerLoop(blocks, follower);
          while (follower.processedHeight() < last) {
            loop.catchUp();
          }
          held.add(ComputationInputs.held(code, started, follower, j, 4, protocol.inputFormat()));
        }
      }
      ComputationInputs.Prepared prepared = ComputationInputs.prepare(code, started);
      Map<String, LocalCommittee.SharedValues> holding = new LinkedHashMap<>();
      for (String name : held.get(0).keySet()) {
        holding.put(
            name,
            new LocalCommittee.SharedValues(
                protocol, held.stream().map(h -> h.get(name)).toList()));
      }
      LocalCommittee members = new LocalCommittee(signing, new SecureRandom());
      LocalCommittee.Run run =
          members.run(
              protocol,
              id,
              prepared.circuit(),
              Map.of(),
              holding,
              prepared.publicValues(),
              prepared.recipients());
      Statement honest =
          ComputationInputs.statement(
              TestNetwork.CHAIN_ID,
              started,
              prepared,
              run.publicOutputs(),
              run.recipients(),
              run.transcript());
      assertThat(honest.publicOutputs().get(0).values()).containsExactly(BigInteger.ZERO);

      List<KeyPair> memberKeys = signing.stream().map(KeyPair::of).toList();
      long[] base = new long[4]; // each member's next nonce after its votes on the checks
      for (int j = 0; j < 4; j++) {
        base[j] =
            Long.decode(
                client
                    .call("state_getAccount", memberKeys.get(j).address().toHexString())
                    .get("pendingNonce")
                    .asText());
      }
      List<Bytes32> shares = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        shares.add(Vote.commitStateShares(List.of(run.state().get("total").shares().get(j))));
      }
      // member 3 lies about the result (goal reached): its vote is recorded but counts for nothing
      Statement lie =
          new Statement(
              honest.chainId(),
              honest.contract(),
              honest.computationId(),
              honest.circuitHash(),
              honest.inputs(),
              List.of(new Statement.PublicOutput("result", List.of(BigInteger.ONE))),
              honest.recipientOutputs(),
              honest.stateOutputs(),
              honest.transcript());
      JsonNode lied =
          send(client, vote(memberKeys.get(3), base[3] + 0, contract, id, lie, shares.get(3), 3));
      assertThat(lied.get("status").asText()).isEqualTo("0x1");
      // a statement over other inputs is refused
      Statement otherInputs =
          new Statement(
              honest.chainId(),
              honest.contract(),
              honest.computationId(),
              honest.circuitHash(),
              List.of(new Statement.CollectionInputs("gifts", List.of())),
              honest.publicOutputs(),
              honest.recipientOutputs(),
              honest.stateOutputs(),
              honest.transcript());
      JsonNode wrong =
          send(
              client,
              vote(memberKeys.get(2), base[2] + 0, contract, id, otherInputs, shares.get(2), 2));
      assertThat(wrong.get("failureReason").asText())
          .contains("inputs are not the ones the computation started with");
      // a vote from an account that is not a member: free votes are members' only (4010), and a
      // paid one is refused at admission (4017)
      SignedTransaction free =
          vote(alice, nonce(client, alice.address()), contract, id, honest, shares.get(0), 0);
      assertThatThrownBy(() -> client.call("tx_send", free.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4010));
      Vote forged = Vote.sign(honest, 0, shares.get(0), alice.privateKey());
      SignedTransaction stranger =
          new Transaction(
                  TestNetwork.CHAIN_ID,
                  nonce(client, alice.address()),
                  TransactionKind.COMPUTATION_VOTE,
                  UInt256.ONE,
                  2_000_000,
                  Optional.of(contract),
                  UInt256.ZERO,
                  new ComputationVotes.Payload(id, honest, shares.get(0), forged.signature())
                      .encode())
              .sign(alice);
      assertThatThrownBy(() -> client.call("tx_send", stranger.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4017));

      send(client, vote(memberKeys.get(0), base[0] + 0, contract, id, honest, shares.get(0), 0));
      send(client, vote(memberKeys.get(1), base[1] + 0, contract, id, honest, shares.get(1), 1));
      JsonNode before = client.call("zk_getComputation", id.toHexString());
      assertThat(before.get("status").asText()).isEqualTo("queued");
      assertThat(before.get("votes")).hasSize(3);
      assertThat(
              client
                  .call("contract_query", contract.toHexString(), "settled")
                  .get("value")
                  .asText())
          .isEqualTo("0");

      UInt256 fee = UInt256.fromHexString(before.get("fee").asText());
      List<UInt256> paidBefore = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        paidBefore.add(balance(client, memberKeys.get(j).address()));
      }
      JsonNode deciding =
          send(
              client, vote(memberKeys.get(2), base[2] + 1, contract, id, honest, shares.get(2), 2));
      assertThat(deciding.get("status").asText()).isEqualTo("0x1");
      JsonNode after = client.call("zk_getComputation", id.toHexString());
      assertThat(after.get("status").asText()).isEqualTo("done");
      assertThat(after.get("result").asText()).isEqualTo(honest.digest().toHexString());
      assertThat(after.get("callbackFailure").isNull()).isTrue();
      // the fee went to the three members whose votes made it final (the rest to the first), none
      // to the member that lied
      UInt256 third = fee.divide(UInt256.valueOf(3));
      UInt256 rest = fee.subtract(third.multiply(UInt256.valueOf(3)));
      for (int j = 0; j < 4; j++) {
        UInt256 expected = j == 3 ? UInt256.ZERO : (j == 0 ? third.add(rest) : third);
        assertThat(balance(client, memberKeys.get(j).address()).subtract(paidBefore.get(j)))
            .as("member %d's credit", j)
            .isEqualTo(expected);
      }
      // the callback ran on the chain: one round settled, goal (1,000) not reached by 750
      assertThat(
              client
                  .call("contract_query", contract.toHexString(), "settled")
                  .get("value")
                  .asText())
          .isEqualTo("1");
      assertThat(
              client
                  .call("contract_query", contract.toHexString(), "status")
                  .get("value")
                  .asBoolean())
          .isFalse();
      JsonNode finished = deciding.get("events").get(deciding.get("events").size() - 1);
      assertThat(finished.get("topics").get(0).asText())
          .isEqualTo(
              Hashing.keccak256(Bytes.wrap("ComputationFinished(bytes32,bytes32)".getBytes()))
                  .toHexString());
      // the secret state the committee keeps: 300 + 450
      assertThat(run.state().get("total").decode()).containsExactly(BigInteger.valueOf(750));
      // a vote after the end is refused
      JsonNode late =
          send(
              client, vote(memberKeys.get(3), base[3] + 1, contract, id, honest, shares.get(3), 3));
      assertThat(late.get("failureReason").asText()).contains("the computation is done");
    }
  }
}

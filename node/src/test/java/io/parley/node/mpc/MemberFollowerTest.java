package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.genesis.Genesis;
import io.parley.genesis.KeyFiles;
import io.parley.mpc.store.RocksMemberStore;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committee members following a running node: every block verified against genesis, each member's
 * share of every stored secret input kept in its own RocksDB, replacements overwriting their index,
 * progress surviving a restart, and a validator answer that does not verify refused.
 */
class MemberFollowerTest {
  @TempDir Path dir;

  private static JsonNode awaitReceipt(RpcClient client, SignedTransaction tx) {
    return io.parley.node.testing.Receipts.await(client, tx);
  }

  private static SignedTransaction send(
      RpcClient client,
      KeyPair from,
      long nonce,
      TransactionKind kind,
      Optional<Address> to,
      Bytes payload)
      throws RpcClientException {
    SignedTransaction tx =
        new Transaction(
                TestNetwork.CHAIN_ID,
                nonce,
                kind,
                UInt256.ONE,
                5_000_000,
                to,
                UInt256.ZERO,
                payload)
            .sign(from);
    client.call("tx_send", tx.encoded().toHexString());
    JsonNode receipt = awaitReceipt(client, tx);
    assertThat(receipt.get("status").asText()).as(receipt.toString()).isEqualTo("0x1");
    return tx;
  }

  private static Bytes gift(
      InputCommittee committee, Address sender, long nonce, Address to, long target, long value) {
    return Sealer.seal(
            committee,
            new InputContext(
                TestNetwork.CHAIN_ID, sender, nonce, to, "gifts", target, committee.hash()),
            List.of(BigInteger.valueOf(value)))
        .encode();
  }

  @Test
  void membersKeepTheirSharesOfEveryStoredInputAndResumeAfterARestart() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Genesis genesis = Genesis.load(network.genesisFile());
    Path keys = network.generated().directory();
    KeyPair alice = network.accounts().get(0);
    KeyPair bob = network.accounts().get(1);
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      var donations =
          ContractCompiler.compile(
              Path.of("../contracts/src/test/resources/contracts/Donations.par"));
      send(
          client,
          alice,
          0,
          TransactionKind.DEPLOY,
          Optional.empty(),
          Payloads.deploy(donations.bundle().encode(), Bytes.fromHexString("0xc0")));
      Address contract = Payloads.contractAddress(alice.address(), 0);
      InputCommittee committee = CommitteeView.fetch(client, contract).committee();
      send(
          client,
          alice,
          1,
          TransactionKind.SECRET_INPUT,
          Optional.of(contract),
          gift(committee, alice.address(), 1, contract, 0, 300));
      send(
          client,
          bob,
          0,
          TransactionKind.SECRET_INPUT,
          Optional.of(contract),
          gift(committee, bob.address(), 0, contract, 0, 200));
      SignedTransaction replaced =
          send(
              client,
              alice,
              2,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              gift(committee, alice.address(), 2, contract, 1, 450));
      long last =
          Long.decode(
              client
                  .call("tx_getReceipt", replaced.hash().toHexString())
                  .get("blockNumber")
                  .asText());

      List<RocksMemberStore> stores = new ArrayList<>();
      List<InputFollower> followers = new ArrayList<>();
      VerifiedBlocks blocks =
          new VerifiedBlocks(client, TestNetwork.CHAIN_ID, genesis.config().validators(), 131_072);
      try {
        for (int j = 0; j < 4; j++) {
          RocksMemberStore store = RocksMemberStore.open(dir.resolve("member-" + j));
          stores.add(store);
          InputFollower follower =
              new InputFollower(
                  TestNetwork.CHAIN_ID,
                  genesis.config().mpcCommittee(),
                  j,
                  KeyFiles.read(keys.resolve("mpc-" + j).resolve("encryption.key")),
                  store);
          followers.add(follower);
          MemberFollowerLoop loop = new MemberFollowerLoop(blocks, follower);
          while (follower.processedHeight() < last) {
            loop.catchUp();
          }
        }
        var protocol = Protocols.named(CommitteeView.fetch(client, contract).protocol());
        assertThat(value(followers, contract, 0, protocol)).isEqualTo(BigInteger.valueOf(450));
        assertThat(value(followers, contract, 1, protocol)).isEqualTo(BigInteger.valueOf(200));
        assertThat(followers.get(0).held(contract, "gifts", 2)).isEmpty();
        assertThat(followers.get(0).held(contract, "gifts", 0).orElseThrow().transaction())
            .isEqualTo(replaced.hash());
        assertThat(followers.get(0).unopened()).isEmpty();
      } finally {
        stores.forEach(RocksMemberStore::close);
      }
      // member 0 restarts on its data directory: it continues, nothing is lost or redone
      try (RocksMemberStore reopened = RocksMemberStore.open(dir.resolve("member-0"))) {
        InputFollower again =
            new InputFollower(
                TestNetwork.CHAIN_ID,
                genesis.config().mpcCommittee(),
                0,
                KeyFiles.read(keys.resolve("mpc-0").resolve("encryption.key")),
                reopened);
        assertThat(again.processedHeight()).isGreaterThanOrEqualTo(last);
        assertThat(again.held(contract, "gifts", 0)).isPresent();
        new MemberFollowerLoop(blocks, again).catchUp();
      }

      // a member whose genesis names other validators refuses this validator's blocks
      VerifiedBlocks strangers =
          new VerifiedBlocks(
              client,
              TestNetwork.CHAIN_ID,
              new ValidatorSet(List.of(Validator.of(PrivateKey.random().publicKey()))),
              131_072);
      assertThatThrownBy(() -> strangers.fetch(1))
          .isInstanceOf(VerifiedBlocks.Untrusted.class)
          .hasMessageContaining("certificate invalid");
      // and a member given another member's encryption key does not start
      assertThatThrownBy(
              () ->
                  new InputFollower(
                      TestNetwork.CHAIN_ID,
                      genesis.config().mpcCommittee(),
                      1,
                      KeyFiles.read(keys.resolve("mpc-0").resolve("encryption.key")),
                      new io.parley.zk.computation.InMemoryMemberStore()))
          .hasMessageContaining("not member 1's in genesis");
    }
  }

  private static BigInteger value(
      List<InputFollower> followers,
      Address contract,
      long index,
      io.parley.zk.computation.Protocol protocol) {
    List<ShareVector> shares = new ArrayList<>();
    for (int j = 0; j < followers.size(); j++) {
      InputFollower.HeldInput held = followers.get(j).held(contract, "gifts", index).orElseThrow();
      // a Shamir element's plaintext holds its check mask after the value
      ShareVector dealt =
          held.format().parse(held.plain().toArrayUnsafe(), held.format().dealt(1), j);
      shares.add(held.format().fields(dealt, 1));
    }
    return protocol.inputFormat().reconstruct(shares)[0];
  }
}

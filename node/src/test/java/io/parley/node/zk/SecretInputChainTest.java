package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Opener;
import io.parley.zk.inputs.SealedInput;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secret inputs on a running node (docs/spec/secret-inputs.md section 8, docs/rpc.md "Secret
 * inputs"): a wallet learns the committee over RPC, seals a bid for the auction example, and the
 * chain stores it after the contract's rule; each committee member opens its share from the block
 * with its encryption key. Bad inputs are refused with their code and change nothing.
 */
class SecretInputChainTest {
  private static final long DEPOSIT = 1_000_000;

  @TempDir Path dir;

  private static JsonNode awaitReceipt(RpcClient client, SignedTransaction tx) {
    return io.parley.node.testing.Receipts.await(client, tx);
  }

  private static long nonce(RpcClient client, Address a) throws RpcClientException {
    return Long.decode(client.call("state_getAccount", a.toHexString()).get("nonce").asText());
  }

  private static SignedTransaction tx(
      KeyPair from,
      long nonce,
      TransactionKind kind,
      Optional<Address> to,
      UInt256 value,
      Bytes payload,
      long gas) {
    return new Transaction(TestNetwork.CHAIN_ID, nonce, kind, UInt256.ONE, gas, to, value, payload)
        .sign(from);
  }

  private static SealedInput seal(
      InputCommittee committee,
      Address sender,
      long nonce,
      Address auction,
      String collection,
      long value) {
    return Sealer.seal(
        committee,
        new InputContext(
            TestNetwork.CHAIN_ID, sender, nonce, auction, collection, 0, committee.hash()),
        List.of(BigInteger.valueOf(value)));
  }

  @Test
  void aSealedBidIsStoredAfterTheRuleAndOnlyTheCommitteeCanOpenIt() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 4, 4);
    KeyPair seller = network.accounts().get(0);
    KeyPair bidder = network.accounts().get(1);
    KeyPair stranger = network.accounts().get(2);
    KeyPair attacker = network.accounts().get(3);
    CompiledContract auction =
        ContractCompiler.compile(Path.of("../contracts/examples/Auction.par"));
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      long closesAt = System.currentTimeMillis() + 3_600_000;
      SignedTransaction deploy =
          tx(
              seller,
              0,
              TransactionKind.DEPLOY,
              Optional.empty(),
              UInt256.ZERO,
              Payloads.deploy(
                  auction.bundle().encode(),
                  Values.encodeList(
                      List.of(new Type.Int(64, false, false)),
                      List.of(BigInteger.valueOf(closesAt)))),
              5_000_000);
      client.call("tx_send", deploy.encoded().toHexString());
      assertThat(awaitReceipt(client, deploy).get("status").asText()).isEqualTo("0x1");
      Address contract = Payloads.contractAddress(seller.address(), 0);
      SignedTransaction deposit =
          tx(
              bidder,
              0,
              TransactionKind.CALL,
              Optional.of(contract),
              UInt256.valueOf(DEPOSIT),
              Payloads.call("deposit", Bytes.fromHexString("0xc0")),
              200_000);
      client.call("tx_send", deposit.encoded().toHexString());
      assertThat(awaitReceipt(client, deposit).get("status").asText()).isEqualTo("0x1");

      // the wallet's view of the committee, checked against its own hash of the keys
      JsonNode view = client.call("zk_getCommittee", contract.toHexString());
      InputCommittee committee =
          io.parley.sdk.inputs.CommitteeView.fetch(client, contract).committee();
      assertThat(view.get("committeeHash").asText()).isEqualTo(committee.hash().toHexString());
      // no standby members in this genesis; every seat held by its genesis member (ADR 0056)
      assertThat(view.get("standby")).isEmpty();
      view.get("members").forEach(m -> assertThat(m.get("heldBy").isNull()).isTrue());
      // u64 bids compare on rep4 (unsigned comparisons of ring words, ADR 0054): a 4-member
      // committee runs the auction on Fantastic Four
      var protocol = Protocols.named(view.get("protocol").asText());
      assertThat(protocol).isEqualTo(Protocols.REP4);
      assertThat(view.get("sharing").asText()).isEqualTo(protocol.inputFormat().name());
      assertThat(view.get("collections").get(0).get("name").asText()).isEqualTo("bids");

      long bid = 654_321;
      SealedInput sealed = seal(committee, bidder.address(), 1, contract, "bids", bid);
      SignedTransaction submit =
          tx(
              bidder,
              1,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              UInt256.ZERO,
              sealed.encode(),
              1_000_000);

      // refused at admission, nothing changes: the payload copied into another sender's tx
      long attackerNonce = nonce(client, attacker.address());
      SignedTransaction copied =
          tx(
              attacker,
              attackerNonce,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              UInt256.ZERO,
              sealed.encode(),
              1_000_000);
      assertThatThrownBy(() -> client.call("tx_send", copied.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4016))
          .hasMessageContaining("proof of knowledge of e does not verify");
      SealedInput otherCommittee =
          new SealedInput(
              sealed.collection(),
              sealed.target(),
              Bytes32.ZERO,
              sealed.ephemeral(),
              sealed.proof(),
              sealed.shares(),
              sealed.components());
      for (var bad :
          List.of(
              tx(
                  bidder,
                  1,
                  TransactionKind.SECRET_INPUT,
                  Optional.of(contract),
                  UInt256.ZERO,
                  otherCommittee.encode(),
                  1_000_000),
              tx(
                  bidder,
                  1,
                  TransactionKind.SECRET_INPUT,
                  Optional.of(contract),
                  UInt256.ONE,
                  sealed.encode(),
                  1_000_000),
              tx(
                  bidder,
                  1,
                  TransactionKind.SECRET_INPUT,
                  Optional.of(contract),
                  UInt256.ZERO,
                  Bytes.fromHexString("0xc3010203"),
                  1_000_000),
              tx(
                  bidder,
                  1,
                  TransactionKind.SECRET_INPUT,
                  Optional.of(contract),
                  UInt256.ZERO,
                  new SealedInput(
                          sealed.collection(),
                          sealed.target(),
                          sealed.committeeHash(),
                          sealed.ephemeral(),
                          sealed.proof(),
                          sealed.shares().subList(0, 3),
                          sealed.components())
                      .encode(),
                  1_000_000))) {
        assertThatThrownBy(() -> client.call("tx_send", bad.encoded().toHexString()))
            .isInstanceOfSatisfying(
                RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4016));
      }
      assertThat(nonce(client, attacker.address())).isEqualTo(attackerNonce);
      assertThat(nonce(client, bidder.address())).isEqualTo(1);

      // the sealed bid is stored: the contract's rule passed, the chain's event names its index
      client.call("tx_send", submit.encoded().toHexString());
      JsonNode receipt = awaitReceipt(client, submit);
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");
      // the chain's events, last: InputSubmitted, then ComputationStarted for the committee's
      // check of the auction's where rule (computations.md section 4)
      JsonNode events = receipt.get("events");
      JsonNode event = events.get(events.size() - 2);
      assertThat(event.get("topics").get(0).asText())
          .isEqualTo(
              Hashing.keccak256(Bytes.wrap("InputSubmitted(bytes,u32,bytes32)".getBytes()))
                  .toHexString());
      assertThat(events.get(events.size() - 1).get("topics").get(0).asText())
          .isEqualTo(io.parley.node.execution.ComputationRegistry.STARTED.toHexString());
      Bytes32 id = Hashing.keccak256(submit.hash(), Bytes.of(0, 0));
      assertThat(event.get("data").asText()).contains(id.toHexString().substring(2));
      long gasUsed = Long.decode(receipt.get("gasUsed").asText());
      assertThat(gasUsed).isGreaterThan(40_000 + 20_000 * 4);

      // the contract's rule refuses a bidder without a deposit: failed receipt, gas paid
      SealedInput strangerBid = seal(committee, stranger.address(), 0, contract, "bids", 5);
      SignedTransaction strangers =
          tx(
              stranger,
              0,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              UInt256.ZERO,
              strangerBid.encode(),
              1_000_000);
      client.call("tx_send", strangers.encoded().toHexString());
      JsonNode refused = awaitReceipt(client, strangers);
      assertThat(refused.get("status").asText()).isEqualTo("0x0");
      assertThat(refused.get("failureReason").asText()).contains("deposit first");
      // a collection the contract does not have
      SealedInput nowhere = seal(committee, stranger.address(), 1, contract, "votes", 5);
      SignedTransaction lost =
          tx(
              stranger,
              1,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              UInt256.ZERO,
              nowhere.encode(),
              1_000_000);
      client.call("tx_send", lost.encoded().toHexString());
      assertThat(awaitReceipt(client, lost).get("failureReason").asText())
          .contains("the contract has no collection 'votes'");

      // what the chain and its RPC show holds no trace of the bid in the clear
      JsonNode onChain = client.call("tx_get", submit.hash().toHexString());
      String shown = onChain.toString() + receipt.toString();
      assertThat(shown)
          .doesNotContain(Long.toString(bid))
          .doesNotContain(Long.toHexString(bid))
          .doesNotContain(Bytes.ofUnsignedLong(bid).toUnprefixedHexString());

      // each member opens its share from the block; together they give the bid back
      SealedInput fromBlock =
          SealedInput.decode(
              SignedTransaction.decode(Bytes.fromHexString(onChain.get("raw").asText()), 131_072)
                  .transaction()
                  .payload(),
              131_072);
      List<ShareVector> shares = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        Opener.Opened opened =
            Opener.open(
                fromBlock,
                committee,
                new InputContext(
                    TestNetwork.CHAIN_ID,
                    bidder.address(),
                    1,
                    contract,
                    "bids",
                    0,
                    committee.hash()),
                j,
                KeyFiles.read(
                    network.generated().directory().resolve("mpc-" + j).resolve("encryption.key")),
                committee.format().dealt(1));
        shares.add(committee.format().fields(((Opener.Shares) opened).shares(), 1));
      }
      assertThat(protocol.inputFormat().reconstruct(shares))
          .containsExactly(BigInteger.valueOf(bid));
    }
  }

  @Test
  void aStartRecordsTheComputationWithTheInputsItWillRead() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    KeyPair alice = network.accounts().get(0);
    KeyPair bob = network.accounts().get(1);
    // without its where rule, so every gift passes the committee's check
    CompiledContract donations = io.parley.node.testing.ConfidentialFlow.donationsWithoutRule();
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      SignedTransaction deploy =
          tx(
              alice,
              0,
              TransactionKind.DEPLOY,
              Optional.empty(),
              UInt256.ZERO,
              Payloads.deploy(donations.bundle().encode(), Bytes.fromHexString("0xc0")),
              5_000_000);
      client.call("tx_send", deploy.encoded().toHexString());
      assertThat(awaitReceipt(client, deploy).get("status").asText()).isEqualTo("0x1");
      Address contract = Payloads.contractAddress(alice.address(), 0);
      InputCommittee committee =
          io.parley.sdk.inputs.CommitteeView.fetch(client, contract).committee();
      List<Bytes32> ids = new ArrayList<>();
      for (KeyPair giver : List.of(alice, bob)) {
        long nonce = nonce(client, giver.address());
        SignedTransaction gift =
            tx(
                giver,
                nonce,
                TransactionKind.SECRET_INPUT,
                Optional.of(contract),
                UInt256.ZERO,
                seal(committee, giver.address(), nonce, contract, "gifts", 100).encode(),
                1_000_000);
        client.call("tx_send", gift.encoded().toHexString());
        assertThat(awaitReceipt(client, gift).get("status").asText()).isEqualTo("0x1");
        ids.add(Hashing.keccak256(gift.hash(), Bytes.of(0, 0)));
      }
      // each gift starts the committee's check of it; a computation reads it once it passed
      JsonNode checks = client.call("zk_listComputations");
      assertThat(checks.get("count").asText()).isEqualTo("0x2");
      assertThat(checks.get("computations").get(0).get("function").asText())
          .isEqualTo("valid__gifts");
      try (AutoCloseable members =
          io.parley.node.testing.ConfidentialFlow.members(
              dir,
              io.parley.genesis.Genesis.load(network.genesisFile()),
              network.generated().directory(),
              () -> TestNetwork.client(node))) {
        io.parley.node.testing.ConfidentialFlow.awaitChecks(
            client, java.time.Duration.ofSeconds(120));
      }
      SignedTransaction settle =
          tx(
              alice,
              nonce(client, alice.address()),
              TransactionKind.CALL,
              Optional.of(contract),
              UInt256.ZERO,
              Payloads.call("settle", Bytes.fromHexString("0xc0")),
              1_000_000);
      client.call("tx_send", settle.encoded().toHexString());
      JsonNode receipt = awaitReceipt(client, settle);
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");

      Bytes32 id = Hashing.keccak256(settle.hash(), Bytes.of(0, 0));
      JsonNode page = client.call("zk_listComputations");
      assertThat(page.get("count").asText()).isEqualTo("0x3");
      assertThat(page.get("computations").get(2).get("id").asText()).isEqualTo(id.toHexString());
      JsonNode record = client.call("zk_getComputation", id.toHexString());
      assertThat(record.get("contract").asText()).isEqualTo(contract.toHexString());
      assertThat(record.get("function").asText()).isEqualTo("add_up");
      assertThat(record.get("status").asText()).isEqualTo("queued");
      assertThat(record.get("startTransaction").asText()).isEqualTo(settle.hash().toHexString());
      assertThat(record.get("arguments").asText())
          .isEqualTo(receipt.get("events").get(0).get("data").asText());
      JsonNode used = record.get("inputs").get(0);
      assertThat(used.get("collection").asText()).isEqualTo("gifts");
      assertThat(used.get("used")).hasSize(2);
      assertThat(used.get("used").get(0).get("index").asText()).isEqualTo("0x0");
      assertThat(used.get("used").get(0).get("id").asText()).isEqualTo(ids.get(0).toHexString());
      assertThat(used.get("used").get(1).get("id").asText()).isEqualTo(ids.get(1).toHexString());
      // provable without trusting the node: the record is in the registry account's storage
      JsonNode proof =
          client.call(
              "state_getStorageProof",
              io.parley.node.execution.ComputationRegistry.REGISTRY.toHexString(),
              record.get("registryKey").asText());
      assertThat(proof.get("value").isNull()).isFalse();

      // an input that arrives after the start is not in that computation
      long nonce = nonce(client, bob.address());
      SignedTransaction late =
          tx(
              bob,
              nonce,
              TransactionKind.SECRET_INPUT,
              Optional.of(contract),
              UInt256.ZERO,
              seal(committee, bob.address(), nonce, contract, "gifts", 5).encode(),
              1_000_000);
      client.call("tx_send", late.encoded().toHexString());
      awaitReceipt(client, late);
      assertThat(client.call("zk_getComputation", id.toHexString()).get("inputs"))
          .isEqualTo(record.get("inputs"));
      assertThatThrownBy(
              () -> client.call("zk_getComputation", Hashing.keccak256(Bytes.of(1)).toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4071));
    }
  }

  @Test
  void aChainWithoutEncryptionKeysRefusesSecretInputs() throws Exception {
    TestNetwork network = TestNetwork.create(dir, 1);
    KeyPair alice = network.accounts().get(0);
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      SignedTransaction tx =
          tx(
              alice,
              0,
              TransactionKind.SECRET_INPUT,
              Optional.of(alice.address()),
              UInt256.ZERO,
              Bytes.fromHexString("0xc0"),
              1_000_000);
      assertThatThrownBy(() -> client.call("tx_send", tx.encoded().toHexString()))
          .isInstanceOfSatisfying(
              RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4012))
          .hasMessageContaining("no encryption keys");
    }
  }
}

package io.parley.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PublicKey;
import io.parley.base.state.Account;
import io.parley.base.trie.MerkleProof;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.AbiBuilder;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.abi.Values;
import io.parley.contracts.check.Type;
import io.parley.genesis.Genesis;
import io.parley.node.ParleyNode;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request/response fixtures in {@code src/test/resources/rpc}, one file per method, hold on a
 * node whose chain the setup below fixes: block 1 deploys a Token, block 2 transfers 250 of it to
 * {@code 0xb0b0...}, block 3 holds a failed transfer. In a fixture, {@code ${name}} stands for a
 * value computed here and the response value {@code "*"} for any value. Every result must also
 * match its method's result schema in the served OpenRPC document, every error code must be one the
 * method declares there, and no fixture may change the chain or the mempool.
 *
 * <p>The fixtures are HTTP exchanges: one request, one answer. chain_subscribe and
 * chain_unsubscribe are WebSocket methods whose effect is a stream of notifications, which this
 * format cannot express; their files hold what HTTP answers (parameter checks, then 4060), and
 * {@code WebSocketRpcTest} covers them over a WebSocket connection.
 */
class RpcFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURES = fixtureDirectory();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
  private static final Type U256 = new Type.Int(256, false, false);
  private static final Address BOB = Address.fromHex("0x" + "b0".repeat(20));

  @TempDir static Path dir;
  private static TestNetwork network;
  private static ParleyNode node;
  private static RpcClient client;
  private static OpenRpcSchemas schemas;
  private static final Map<String, String> VARIABLES = new LinkedHashMap<>();

  @BeforeAll
  static void buildTheChain() throws Exception {
    network = TestNetwork.createQuiet(dir, 2);
    KeyPair alice = network.accounts().get(0);
    KeyPair carol = network.accounts().get(1);
    node = network.start();
    client = TestNetwork.client(node);
    schemas = new OpenRpcSchemas(client.call("rpc.discover"));

    CompiledContract token = ContractCompiler.compile(Path.of("../contracts/examples/Token.par"));
    Bytes init =
        Values.encodeList(
            List.of(new Type.BytesT(), new Type.BytesT(), U256),
            List.of(
                Bytes.wrap("Parley".getBytes()),
                Bytes.wrap("PAR".getBytes()),
                BigInteger.valueOf(1_000_000)));
    Bytes bundle = token.bundle().encode();
    Bytes deployPayload = Payloads.deploy(bundle, init);
    Bytes nestedDeployPayload =
        RLP.encodeList(
            w -> {
              w.writeRLP(bundle);
              w.writeRLP(init);
            });
    Address contract = Payloads.contractAddress(alice.address(), 0);
    Bytes transfer250 = transferCall(BOB, 250);
    Bytes transferTooMuch = transferCall(BOB, 1_000_000_000);

    SignedTransaction deploy = contractTx(alice, 0, Optional.empty(), deployPayload);
    SignedTransaction call = contractTx(alice, 1, Optional.of(contract), transfer250);
    SignedTransaction failing = contractTx(alice, 2, Optional.of(contract), transferTooMuch);
    JsonNode deployReceipt = commit(deploy);
    JsonNode callReceipt = commit(call);
    commit(failing);
    assertThat(node.chain().head().height()).as("one block per transaction").isEqualTo(3);

    Bytes32 balancesSlot =
        Bytes32.fromHexString(
            token.abi().state().stream()
                .filter(s -> s.name().equals("balances"))
                .findFirst()
                .orElseThrow()
                .slot());
    var set = VARIABLES;
    set.put("alice", alice.address().toHexString());
    set.put("carol", carol.address().toHexString());
    set.put("contract", contract.toHexString());
    set.put("validator", node.chain().config().validators().get(0).address().toHexString());
    set.put("validatorKey", node.chain().config().validators().get(0).publicKey().toHexString());
    for (int h = 0; h <= 3; h++) {
      var header = node.chain().blockByHeight(h).orElseThrow().header();
      set.put("block" + h + "Hash", header.hash().toHexString());
      set.put("block" + h + "StateRoot", header.stateRoot().toHexString());
    }
    set.put("deployTx", deploy.hash().toHexString());
    set.put("callTx", call.hash().toHexString());
    set.put("failedTx", failing.hash().toHexString());
    set.put("deployGasUsed", deployReceipt.get("gasUsed").asText());
    set.put("callGasUsed", callReceipt.get("gasUsed").asText());
    set.put("codeHash", token.bundle().codeHash().toHexString());
    set.put("deployPayload", deployPayload.toHexString());
    set.put("nestedDeployPayload", nestedDeployPayload.toHexString());
    set.put("transfer250Payload", transfer250.toHexString());
    set.put("transferTooMuchPayload", transferTooMuch.toHexString());
    set.put(
        "nestedDeployTx",
        contractTx(carol, 0, Optional.empty(), nestedDeployPayload).encoded().toHexString());
    set.put(
        "badCallTx",
        contractTx(carol, 0, Optional.of(contract), Bytes.fromHexString("0xc28001"))
            .encoded()
            .toHexString());
    set.put("balancesSlot", balancesSlot.toHexString());
    set.put("transferTopic", AbiBuilder.topic("Transfer(address,address,u256)"));
    set.put("bobTopic", Bytes32.leftPad(BOB.bytes()).toHexString());
    set.put(
        "bobBalanceKey",
        Hashing.keccak256(balancesSlot, Bytes32.leftPad(BOB.bytes())).toHexString());
    set.put("contractStorageRoot", node.chain().account(contract).storageRoot().toHexString());
    set.put("aliceBalance", JsonViews.quantity(node.chain().account(alice.address()).balance()));
    set.put("funds", JsonViews.quantity(TestNetwork.FUNDS));
    set.put(
        "clientVersion", "parley/v" + ParleyNode.VERSION + "/java" + Runtime.version().feature());
    set.put("endpoint", client.endpoint().toString());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Bytes transferCall(Address to, long amount) {
    return Payloads.call(
        "transfer",
        Values.encodeList(
            List.of(new Type.AddressT(), U256), List.of(to, BigInteger.valueOf(amount))));
  }

  private static SignedTransaction contractTx(
      KeyPair from, long nonce, Optional<Address> to, Bytes payload) {
    return new Transaction(
            TestNetwork.CHAIN_ID,
            nonce,
            to.isPresent() ? TransactionKind.CALL : TransactionKind.DEPLOY,
            UInt256.ONE,
            3_000_000,
            to,
            UInt256.ZERO,
            payload)
        .sign(from);
  }

  private static JsonNode commit(SignedTransaction tx) throws RpcClientException {
    client.call("tx_send", tx.encoded().toHexString());
    JsonNode[] receipt = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              try {
                receipt[0] = client.call("tx_getReceipt", tx.hash().toHexString());
                return true;
              } catch (RpcClientException e) {
                return false;
              }
            });
    return receipt[0];
  }

  private static Path fixtureDirectory() {
    try {
      return Path.of(RpcFixturesTest.class.getResource("/rpc").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> fixtureFiles() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureHolds() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : fixtureFiles()) {
      String method = file.getFileName().toString().replaceFirst("\\.json$", "");
      JsonNode cases = JSON.readTree(file.toFile());
      assertThat(cases.isArray() && !cases.isEmpty()).as(file + " holds a list of cases").isTrue();
      for (JsonNode c : cases) {
        tests.add(
            DynamicTest.dynamicTest(
                method + ": " + c.get("name").asText(), () -> check(method, c)));
      }
    }
    return tests.stream();
  }

  @Test
  void everyServedMethodHasAFixtureFile() throws IOException {
    Set<String> files = new TreeSet<>();
    for (Path file : fixtureFiles()) {
      files.add(file.getFileName().toString().replaceFirst("\\.json$", ""));
    }
    Set<String> served = new TreeSet<>();
    RpcApi.methods(
            node.chain(),
            node.mempool(),
            "test",
            OpenRpcDocument.load("127.0.0.1", 0),
            new Subscriptions(node.chain(), node.mempool(), WebSocketLimits.DEFAULTS),
            tx -> {})
        .forEach(m -> served.add(m.name()));
    assertThat(files).isEqualTo(served);
  }

  /**
   * What docs/rpc.md ("Checking genesis") tells a client to do: genesis.json's config hash is the
   * genesis header's consensusData, the header hashes to the genesis hash, the served validator
   * keys are genesis.json's, and with them a served certificate verifies.
   */
  @Test
  void aClientChecksGenesisJsonAndCertificatesWithTheServedValidatorKeys() throws Exception {
    Genesis genesis = Genesis.load(network.genesisFile());
    JsonNode header = client.call("chain_getBlockByNumber", "earliest");
    assertThat(header.get("consensusData").asText())
        .isEqualTo(genesis.config().configHash().toHexString());
    assertThat(headerOf(header).hash().toHexString())
        .isEqualTo(header.get("hash").asText())
        .isEqualTo(client.call("chain_id").get("genesisHash").asText());

    JsonNode served = client.call("chain_getValidators", "latest").get("validators");
    List<Validator> keys = new ArrayList<>();
    for (JsonNode v : served) {
      keys.add(Validator.of(PublicKey.fromHex(v.get("publicKey").asText())));
    }
    assertThat(keys).isEqualTo(genesis.config().validators().validators());

    JsonNode block = client.call("chain_getBlockByNumber", "latest");
    CommitCertificate certificate =
        CommitCertificate.decode(
            Bytes.fromHexString(block.get("certificate").get("encoded").asText()));
    assertThat(certificate.blockHash().toHexString()).isEqualTo(block.get("hash").asText());
    assertThat(certificate.verify(TestNetwork.CHAIN_ID, new ValidatorSet(keys))).isEmpty();
    assertThat(certificate.verify(TestNetwork.CHAIN_ID + 1, new ValidatorSet(keys)))
        .as("a certificate of another chain")
        .isPresent();
  }

  /**
   * A contract_query answer verified from a state root: the storage proof of the value's storage
   * key verifies in two steps (account, then storage) and proves the value the view returned.
   */
  @Test
  void aStorageProofVerifiesAgainstTheStateRootAndProvesTheQueriedValue() throws Exception {
    String contract = VARIABLES.get("contract");
    JsonNode proof = client.call("state_getStorageProof", contract, VARIABLES.get("bobBalanceKey"));
    Bytes32 stateRoot = Bytes32.fromHexString(client.call("chain_head").get("stateRoot").asText());
    assertThat(proof.get("stateRoot").asText()).isEqualTo(stateRoot.toHexString());

    MerkleProof accountProof = merkleProof(proof.get("accountProof"));
    assertThat(accountProof.verify(stateRoot)).isTrue();
    Account account = Account.decode(accountProof.value().orElseThrow());
    assertThat(account.storageRoot().toHexString()).isEqualTo(proof.get("storageRoot").asText());

    MerkleProof storageProof = merkleProof(proof);
    assertThat(storageProof.verify(account.storageRoot())).isTrue();
    BigInteger stored = new BigInteger(1, storageProof.value().orElseThrow().toArrayUnsafe());
    String queried =
        client
            .call("contract_query", contract, "balance_of", List.of(BOB.toHexString()))
            .get("value")
            .asText();
    assertThat(stored).isEqualTo(new BigInteger(queried)).isEqualTo(BigInteger.valueOf(250));

    MerkleProof forged =
        new MerkleProof(
            storageProof.key(),
            storageProof.leafKey(),
            Optional.of(Bytes32.leftPad(Bytes.of(251))),
            storageProof.siblings());
    assertThat(forged.verify(account.storageRoot())).as("a changed value").isFalse();
  }

  private static MerkleProof merkleProof(JsonNode n) {
    return new MerkleProof(
        Bytes32.fromHexString(n.get("key").asText()),
        n.get("leafKey").isNull()
            ? Optional.empty()
            : Optional.of(Bytes32.fromHexString(n.get("leafKey").asText())),
        n.get("leafValue").isNull()
            ? Optional.empty()
            : Optional.of(Bytes.fromHexString(n.get("leafValue").asText())),
        java.util.stream.StreamSupport.stream(n.get("siblings").spliterator(), false)
            .map(s -> Bytes32.fromHexString(s.asText()))
            .toList());
  }

  private static BlockHeader headerOf(JsonNode n) {
    return new BlockHeader(
        Long.decode(n.get("number").asText()),
        Bytes32.fromHexString(n.get("parentHash").asText()),
        Long.decode(n.get("timestamp").asText()),
        Address.fromHex(n.get("proposer").asText()),
        Bytes32.fromHexString(n.get("transactionsRoot").asText()),
        Bytes32.fromHexString(n.get("stateRoot").asText()),
        Bytes32.fromHexString(n.get("receiptsRoot").asText()),
        Long.decode(n.get("gasUsed").asText()),
        Bytes.fromHexString(n.get("consensusData").asText()));
  }

  private static void check(String method, JsonNode fixture) throws Exception {
    var headBefore = node.chain().head();
    int mempoolBefore = node.mempool().size();
    JsonNode request = substitute(fixture.get("request"));
    assertThat(request.get("method").asText())
        .as("fixture file names its method")
        .isEqualTo(method);
    JsonNode expected = substitute(fixture.get("response"));
    JsonNode actual = client.post(request.toString());

    List<String> mismatches = new ArrayList<>();
    match("$", expected, actual, mismatches);
    assertThat(mismatches).as("response %s", actual.toPrettyString()).isEmpty();
    if (actual.has("result")) {
      assertThat(schemas.validateResult(method, actual.get("result")))
          .as("result of %s against the OpenRPC result schema", method)
          .isEmpty();
    } else {
      assertThat(schemas.declaredErrors(method))
          .as("error codes %s declares in the OpenRPC document", method)
          .contains(actual.get("error").get("code").asInt());
    }
    assertThat(node.chain().head()).as("the chain did not move").isEqualTo(headBefore);
    assertThat(node.mempool().size()).as("the mempool did not change").isEqualTo(mempoolBefore);
  }

  /** Replaces every ${name} in the text values of {@code node}. */
  private static JsonNode substitute(JsonNode node) {
    if (node.isTextual()) {
      Matcher m = VARIABLE.matcher(node.asText());
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = VARIABLES.get(m.group(1));
        assertThat(value).as("fixture variable ${%s}", m.group(1)).isNotNull();
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      return TextNode.valueOf(out.toString());
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(e -> copy.add(substitute(e)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), substitute(e.getValue())));
      return copy;
    }
    return node;
  }

  /** Structural equality where the expected text "*" accepts any present value. */
  private static void match(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (actual == null || actual.isMissingNode()) {
      out.add(path + " is missing");
      return;
    }
    if (expected.isTextual() && expected.asText().equals("*")) {
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!expected.has(name)) {
          out.add(path + "." + name + " is not in the fixture");
        } else {
          match(path + "." + name, expected.get(name), actual.get(name), out);
        }
      }
      return;
    }
    if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        out.add(path + " has " + actual.size() + " items, fixture " + expected.size());
        return;
      }
      Iterator<JsonNode> a = actual.iterator();
      int i = 0;
      for (JsonNode e : expected) {
        match(path + "[" + i++ + "]", e, a.next(), out);
      }
      return;
    }
    if (!expected.equals(actual)) {
      out.add(path + " is " + actual + ", fixture " + expected);
    }
  }
}

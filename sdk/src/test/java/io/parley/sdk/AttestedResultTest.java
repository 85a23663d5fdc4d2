package io.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.verify.VerificationException;
import io.parley.zk.attestation.Statement;
import io.parley.zk.attestation.Vote;
import io.parley.zk.inputs.InputCommittee;
import io.parley.zk.inputs.PlainFormat;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AttestedResult} against a node that serves what it likes (an HTTP endpoint answering
 * JSON-RPC from this test): a result is verified only with 2t+1 valid signatures of members over
 * the statement whose digest the record names; votes signed by others, too few votes or a record
 * naming another digest are refused.
 */
class AttestedResultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Address CONTRACT =
      Address.fromHex("0x00000000000000000000000000000000000000d0");
  private static final Bytes32 ID = Bytes32.random();

  private final List<KeyPair> members = new ArrayList<>();
  private final InputCommittee committee;
  private final Statement statement =
      new Statement(
          1337,
          CONTRACT,
          ID,
          Bytes32.random(),
          List.of(),
          List.of(
              new Statement.PublicOutput(
                  "result", List.of(BigInteger.valueOf(472), BigInteger.valueOf(402)))),
          List.of(),
          List.of(),
          Bytes32.random());
  private HttpServer server;

  AttestedResultTest() {
    List<InputCommittee.MemberKeys> keys = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      KeyPair k = KeyPair.random();
      members.add(k);
      keys.add(new InputCommittee.MemberKeys(k.publicKey(), KeyPair.random().publicKey()));
    }
    committee = new InputCommittee(1, PlainFormat.SHAMIR, keys);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A vote transaction as a block lists it: from {@code sender}, signed by {@code signer}. */
  private ObjectNode voteTx(Statement s, int member, KeyPair sender, KeyPair signer) {
    Vote v = Vote.sign(s, member, Bytes32.ZERO, signer.privateKey());
    Bytes payload =
        RLP.encodeList(
            w -> {
              w.writeLong(1);
              w.writeValue(ID);
              w.writeValue(s.encode());
              w.writeValue(Bytes32.ZERO);
              w.writeValue(v.signature().toBytes());
            });
    ObjectNode tx = JSON.createObjectNode();
    tx.put("kind", "computation_vote");
    tx.put("from", sender.address().toHexString());
    tx.put("to", CONTRACT.toHexString());
    tx.put("payload", payload.toHexString());
    return tx;
  }

  /** Serves a record whose result is {@code recorded}, and block 5 holding {@code votes}. */
  private ParleyClient node(Bytes32 recorded, List<ObjectNode> votes) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          ObjectNode answer = JSON.createObjectNode();
          answer.put("jsonrpc", "2.0");
          answer.set("id", request.get("id"));
          answer.set(
              "result",
              answer(request.get("method").asText(), request.get("params"), recorded, votes));
          byte[] body = JSON.writeValueAsBytes(answer);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return new ParleyClient(
        new RpcClient(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
            Duration.ofSeconds(5)));
  }

  private JsonNode answer(
      String method, JsonNode params, Bytes32 recorded, List<ObjectNode> votes) {
    ObjectNode n = JSON.createObjectNode();
    switch (method) {
      case "zk_getComputation" -> {
        n.put("id", ID.toHexString());
        n.put("contract", CONTRACT.toHexString());
        n.put("function", "tally");
        n.put("status", "done");
        n.put("blockNumber", "0x4");
        n.putArray("votes");
        n.put("result", recorded.toHexString());
        n.putNull("callbackFailure");
        n.put("registryKey", Bytes32.ZERO.toHexString());
      }
      case "zk_getCommittee" -> {
        n.put("protocol", "shamir-king");
        n.put("sharing", committee.format().id());
        n.put("threshold", "0x1");
        n.put("committeeHash", committee.hash().toHexString());
        ArrayNode m = n.putArray("members");
        for (InputCommittee.MemberKeys k : committee.members()) {
          m.addObject()
              .put("signingKey", k.signing().toHexString())
              .put("encryptionKey", k.encryption().toHexString());
        }
        n.putArray("collections");
      }
      case "chain_getBlockByNumber" -> {
        String which = params.get(0).asText();
        n.put("number", which.equals("latest") ? "0x6" : which);
        ArrayNode txs = n.putArray("transactions");
        if (which.equals("0x5")) {
          votes.forEach(txs::add);
        }
      }
      default -> throw new IllegalArgumentException("unexpected " + method);
    }
    return n;
  }

  @Test
  void threeMembersSignaturesMakeTheResultAndItsOutputs() throws Exception {
    List<ObjectNode> votes = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      votes.add(voteTx(statement, j, members.get(j), members.get(j)));
    }
    AttestedResult r = AttestedResult.fetch(node(statement.digest(), votes), ID);
    assertThat(r.signers()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(r.result()).containsExactly(BigInteger.valueOf(472), BigInteger.valueOf(402));
  }

  @Test
  void tooFewVotesOrVotesSignedByOthersAreNotAResult() throws Exception {
    List<ObjectNode> two = new ArrayList<>();
    for (int j = 0; j < 2; j++) {
      two.add(voteTx(statement, j, members.get(j), members.get(j)));
    }
    assertThatThrownBy(() -> AttestedResult.fetch(node(statement.digest(), two), ID))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not final");
    stop();

    // member 2's vote carried in a transaction from its address but signed by another key
    List<ObjectNode> forged = new ArrayList<>(two);
    forged.add(voteTx(statement, 2, members.get(2), KeyPair.random()));
    assertThatThrownBy(() -> AttestedResult.fetch(node(statement.digest(), forged), ID))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not final");
    stop();

    // a stranger's vote does not count at all
    List<ObjectNode> stranger = new ArrayList<>(two);
    KeyPair outsider = KeyPair.random();
    stranger.add(voteTx(statement, 3, outsider, outsider));
    assertThatThrownBy(() -> AttestedResult.fetch(node(statement.digest(), stranger), ID))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("not final");
  }

  @Test
  void aRecordNamingAnotherDigestHasNoAttestedResult() throws Exception {
    List<ObjectNode> votes = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      votes.add(voteTx(statement, j, members.get(j), members.get(j)));
    }
    Bytes32 other = Bytes32.random();
    assertThatThrownBy(() -> AttestedResult.fetch(node(other, votes), ID))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("no vote for computation")
        .hasMessageContaining(other.toHexString());
  }

  @Test
  void aForgedVoteDoesNotHideTheMembersRealVote() throws Exception {
    List<ObjectNode> votes = new ArrayList<>();
    votes.add(voteTx(statement, 0, members.get(0), KeyPair.random())); // forged, first
    for (int j = 0; j < 3; j++) {
      votes.add(voteTx(statement, j, members.get(j), members.get(j)));
    }
    assertThat(AttestedResult.fetch(node(statement.digest(), votes), ID).signers())
        .containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void aMalformedVotePayloadIsSkipped() throws Exception {
    List<ObjectNode> votes = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      votes.add(voteTx(statement, j, members.get(j), members.get(j)));
    }
    ObjectNode junk = voteTx(statement, 3, members.get(3), members.get(3));
    junk.put("payload", Bytes.wrap("not rlp".getBytes(StandardCharsets.US_ASCII)).toHexString());
    votes.add(0, junk);
    assertThat(AttestedResult.fetch(node(statement.digest(), votes), ID).signers()).hasSize(3);
  }
}

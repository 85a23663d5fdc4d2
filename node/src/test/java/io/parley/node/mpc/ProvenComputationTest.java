package io.parley.node.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.genesis.Genesis;
import io.parley.node.ParleyNode;
import io.parley.node.testing.ConfidentialFlow;
import io.parley.node.testing.Receipts;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.rpc.RpcClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member reads what it computes (the computation's record and the contract's code) from one
 * validator, and checks both against the state root of a block whose certificate it verified
 * itself: a validator that serves another record, another code or a forged proof is caught, and the
 * member computes nothing on its word.
 */
class ProvenComputationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aValidatorsAnswerIsCheckedAgainstTheCertifiedStateRoot() throws Exception {
    TestNetwork network = TestNetwork.createWithCommittee(dir, 2, 4);
    Genesis genesis = Genesis.load(network.genesisFile());
    KeyPair alice = network.accounts().get(0);
    try (ParleyNode node = network.start()) {
      RpcClient client = TestNetwork.client(node);
      Address contract = ConfidentialFlow.deployAndGive(client, network.accounts());
      var settle = ConfidentialFlow.settle(client, alice, contract);
      Bytes32 id = ConfidentialFlow.computationId(settle);
      long height = Long.decode(Receipts.await(client, settle).get("blockNumber").asText());
      VerifiedBlocks blocks =
          new VerifiedBlocks(client, TestNetwork.CHAIN_ID, genesis.config().validators(), 131_072);

      ProvenComputation honest = ProvenComputation.read(client, blocks, contract, id, height);
      assertThat(honest.started().function()).isEqualTo("add_up");
      assertThat(honest.started().contract()).isEqualTo(contract);
      assertThat(honest.started().inputs()).isNotEmpty();

      // a validator serving another contract's code (the Token's bytes) for this contract
      Address token = io.parley.node.testing.Tokens.deploy(client, alice);
      String tokenCode =
          client.call("contract_getCode", token.toHexString()).get("bundle").asText();
      try (Proxy lying =
          Proxy.start(
              client,
              (method, result) -> {
                if (method.equals("contract_getCode")) {
                  ((ObjectNode) result).put("bundle", tokenCode);
                }
                return result;
              })) {
        assertThatThrownBy(
                () -> ProvenComputation.read(lying.client(), blocks, contract, id, height))
            .isInstanceOf(VerifiedBlocks.Untrusted.class)
            .hasMessageContaining("does not hash to its proven code hash");
      }
      // a validator serving another record, with the proof of the true one
      try (Proxy lying =
          Proxy.start(
              client,
              (method, result) -> {
                if (method.equals("state_getStorageProof")) {
                  // the record's bytes with one digit changed (say, another function or input)
                  String leaf = result.get("leafValue").asText();
                  char last = leaf.charAt(leaf.length() - 1);
                  ((ObjectNode) result)
                      .put(
                          "leafValue",
                          leaf.substring(0, leaf.length() - 1) + (last == '0' ? '1' : '0'));
                }
                return result;
              })) {
        assertThatThrownBy(
                () -> ProvenComputation.read(lying.client(), blocks, contract, id, height))
            .isInstanceOf(VerifiedBlocks.Untrusted.class)
            .hasMessageContaining("does not lead to the storage root");
      }
    }
  }

  /** A JSON-RPC proxy in front of the node that rewrites the results of some methods. */
  private record Proxy(HttpServer server) implements AutoCloseable {
    static Proxy start(RpcClient node, BiFunction<String, JsonNode, JsonNode> rewrite)
        throws IOException {
      HttpClient http = HttpClient.newHttpClient();
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
              byte[] body = in.readAllBytes();
              String method = JSON.readTree(body).path("method").asText();
              HttpResponse<byte[]> answer =
                  http.send(
                      HttpRequest.newBuilder(node.endpoint())
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray());
              ObjectNode reply = (ObjectNode) JSON.readTree(answer.body());
              if (reply.has("result")) {
                reply.set("result", rewrite.apply(method, reply.get("result")));
              }
              byte[] out = JSON.writeValueAsBytes(reply);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, out.length);
              try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              exchange.sendResponseHeaders(500, -1);
            }
          });
      server.start();
      return new Proxy(server);
    }

    RpcClient client() {
      return new RpcClient(
          URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
          Duration.ofSeconds(10));
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}

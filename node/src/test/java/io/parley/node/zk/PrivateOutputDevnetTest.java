package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.outputs.PrivateOutputClient;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.Transactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private output on `parley devnet` as processes (4 validators, 4 MPC members): a contract's
 * confidential function reveals the largest of the submitted amounts to the account that asked
 * ({@code reveal_to(caller)}); that account requests it, the members post their shares sealed for
 * its key, and {@code parley contract output} prints the value. Another account cannot request it,
 * and the value appears nowhere else: not in blocks, receipts, RPC answers or any log.
 */
class PrivateOutputDevnetTest {
  private static final int ACCOUNTS = 4;

  @TempDir Path dir;

  @Test
  void onlyTheRecipientReceivesThePrivateOutput() throws Exception {
    Path data = dir.resolve("devnet");
    int metricsPort = NodeProcess.freePort();
    try (DevnetProcess devnet =
        DevnetProcess.startCommittee(
            data, dir.resolve("devnet.log"), ACCOUNTS, 4, metricsPort, Map.of(), List.of())) {
      run(devnet, data);
      // the devnet's members serve their metrics on the first metrics port + 50 + j
      for (int j = 0; j < 4; j++) {
        String metrics = get(metricsPort + 50 + j, "/metrics");
        assertThat(metrics).contains("parley_mpc_computations_finished_total");
        assertThat(get(metricsPort + 50 + j, "/readiness")).isNotEmpty();
      }
    }
  }

  private static String get(int port, String path) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    return http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void run(DevnetProcess devnet, Path data) throws Exception {
    RpcClient client = devnet.client();
    List<KeyPair> accounts = DevnetWallet.accounts(data, ACCOUNTS);
    KeyPair owner = accounts.get(0);
    KeyPair asker = accounts.get(1);
    Address contract =
        DevnetWallet.deploy(
            client, owner, 0, Path.of("../contracts/src/test/resources/contracts/PrivateMax.par"));
    CommitteeView view = CommitteeView.fetch(client, contract);
    Random random = new Random(43);
    List<Long> amounts = new ArrayList<>();
    for (int k = 0; k < ACCOUNTS; k++) {
      amounts.add(3_000_000_000L + random.nextInt(900_000_000));
    }
    DevnetWallet.submitAll(client, accounts, view, "amounts", amounts);
    long largest = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();

    SignedTransaction ask = DevnetWallet.call(asker, 1, contract, "ask");
    assertThat(DevnetWallet.send(client, ask).get("status").asText()).isEqualTo("0x1");
    Bytes32 id = Hashing.keccak256(ask.hash(), Bytes.of(0, 0));
    await()
        .atMost(Duration.ofSeconds(180))
        .ignoreExceptions()
        .until(
            () ->
                client
                    .call("zk_getComputation", id.toHexString())
                    .get("status")
                    .asText()
                    .equals("done"));
    JsonNode output = client.call("zk_getOutput", id.toHexString(), "private_0");
    assertThat(output.get("recipient").asText()).isEqualTo(asker.address().toHexString());
    assertThat(output.get("publicKey").isNull()).isTrue();
    assertThatThrownBy(() -> client.call("zk_getOutput", id.toHexString(), "private_9"))
        .isInstanceOfSatisfying(
            RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4073));

    // another account's request fails and changes nothing; a malformed one is refused (4015)
    KeyPair other = accounts.get(2);
    SignedTransaction stolen =
        DevnetWallet.sign(
            other,
            1,
            Transactions.of(
                TransactionKind.CALL,
                Optional.of(PrivateOutputClient.REGISTRY),
                UInt256.ZERO,
                PrivateOutputClient.requestPayload(id, "private_0", other)));
    assertThat(DevnetWallet.send(client, stolen).get("failureReason").asText())
        .isEqualTo("output request: output private_0 is not for " + other.address().toHexString());
    SignedTransaction malformed =
        DevnetWallet.sign(
            other,
            2,
            Transactions.of(
                TransactionKind.CALL,
                Optional.of(PrivateOutputClient.REGISTRY),
                UInt256.ZERO,
                Bytes.fromHexString("0xc101")));
    assertThatThrownBy(() -> client.call("tx_send", malformed.encoded().toHexString()))
        .isInstanceOfSatisfying(
            RpcClientException.class, e -> assertThat(e.code()).isEqualTo(4015));
    assertThat(client.call("zk_getOutput", id.toHexString(), "private_0").get("publicKey").isNull())
        .isTrue();

    // the recipient asks through the CLI, which waits for the shares and prints the value
    Path keyFile = data.resolve("network").resolve("accounts").resolve("account-1.key");
    CliRun run =
        CliRun.of(
            "contract",
            "output",
            "--rpc",
            "http://127.0.0.1:" + devnet.rpcPort() + "/",
            "--key-file",
            keyFile.toString(),
            "--computation",
            id.toHexString());
    String printed = run.output();
    assertThat(run.exit()).as(printed).isZero();
    assertThat(printed).contains("requested private_0").endsWith(largest + "\n");
    JsonNode delivered = client.call("zk_getOutput", id.toHexString(), "private_0");
    assertThat(delivered.get("publicKey").asText())
        .isEqualTo(asker.publicKey().bytes().toHexString());
    assertThat(delivered.get("shares").size()).isGreaterThanOrEqualTo(3);

    // the value is nowhere else: blocks (with their transactions), receipts, logs
    String hexValue = String.format("%016x", largest);
    long head = Long.decode(client.call("chain_getBlockByNumber", "latest").get("number").asText());
    for (long h = 0; h <= head; h++) {
      String block =
          client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true).toString();
      assertThat(block).doesNotContain(Long.toString(largest)).doesNotContain(hexValue);
    }
    assertThat(DevnetWallet.query(client, contract, "result_count")).isEqualTo("1");
    try (Stream<Path> logs = Files.walk(data)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        assertThat(text).as(log.toString()).doesNotContain(Long.toString(largest));
      }
    }
  }
}

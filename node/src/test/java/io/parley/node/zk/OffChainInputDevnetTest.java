package io.parley.node.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.execution.OffChainInputs;
import io.parley.node.testing.DevnetProcess;
import io.parley.node.testing.DevnetWallet;
import io.parley.node.testing.NodeProcess;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.tx.Transactions;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.SealedBatch;
import io.parley.zk.inputs.Sealer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-chain secret inputs on `parley devnet` as processes (secret-inputs.md section 9): a bank
 * submits 40 flagged amounts as one transaction that carries only commitments and digests, delivers
 * each member's ciphertext to its input endpoint over TLS, the members acknowledge, every element's
 * arrival check runs, and the total over them is revealed. A wallet that garbles one member's
 * ciphertext is found out by that member's complaint (every element rejected, reason 3); one that
 * never delivers has its elements rejected after the window (reason 4), nobody blamed. The endpoint
 * answers every bad request with a precise error that reveals nothing, and a wallet refuses an
 * endpoint whose certificate is not the member's.
 */
class OffChainInputDevnetTest {
  @TempDir Path dir;

  @Test
  void aBankSubmitsFortyAmountsOffChainAndOnlyTheTotalReachesTheChain() throws Exception {
    Path data = dir.resolve("devnet");
    int mpc = NodeProcess.freePort();
    try (DevnetProcess devnet =
        DevnetProcess.start(
            data,
            dir.resolve("devnet.log"),
            List.of(
                "--accounts",
                "4",
                "--metrics-port",
                Integer.toString(NodeProcess.freePort()),
                "--mpc-port",
                Integer.toString(mpc)))) {
      RpcClient client = devnet.client();
      List<KeyPair> accounts = DevnetWallet.accounts(data, 4);
      KeyPair bank = accounts.get(0);
      Address contract =
          DevnetWallet.deploy(
              client, bank, 0, Path.of("src/test/resources/contracts/FlaggedSum.par"));
      CommitteeView view = CommitteeView.fetch(client, contract);
      List<URI> endpoints = new ArrayList<>();
      for (int j = 0; j < 4; j++) {
        endpoints.add(URI.create("https://127.0.0.1:" + (mpc + 100 + j)));
      }

      // 40 distinctive amounts (ten digits), sealed as one off-chain input
      Random random = new Random(40);
      List<List<BigInteger>> elements = new ArrayList<>();
      long expected = 0;
      List<Long> amounts = new ArrayList<>();
      for (int e = 0; e < 40; e++) {
        long amount = 3_000_000_000L + random.nextInt(900_000_000);
        amounts.add(amount);
        expected += amount;
        elements.add(List.of(BigInteger.valueOf(amount)));
      }
      io.parley.sdk.inputs.OffChainInputs.Draft draft =
          io.parley.sdk.inputs.OffChainInputs.draft(view, "flagged", elements);
      SignedTransaction tx = DevnetWallet.sign(bank, 1, draft.template());
      // 40 elements, only digests on-chain (one on-chain input of one u64 for comparison)
      int onChain =
          DevnetWallet.secretInput(accounts.get(3), 9, view, "flagged", 1).encoded().size();
      System.out.printf(
          "off-chain input of 40 elements: %d bytes on-chain; one on-chain input: %d bytes%n",
          tx.encoded().size(), onChain);
      assertThat(tx.encoded().size()).isLessThan(1_000).isLessThan(2 * onChain);
      JsonNode receipt = DevnetWallet.send(client, tx);
      assertThat(receipt.get("status").asText()).as(receipt.toString()).isEqualTo("0x1");
      assertThat(receipt.toString())
          .contains(OffChainInputs.AWAITING.toHexString())
          .doesNotContain(OffChainInputs.DELIVERED.toHexString());

      endpointErrors(endpoints, tx.hash(), draft.ciphertexts(), view);

      for (int j = 0; j < 4; j++) {
        io.parley.sdk.inputs.OffChainInputs.deliver(
            endpoints.get(j),
            tx.hash(),
            j,
            draft.ciphertexts().get(j),
            view.committee().members().get(j).signing(),
            Duration.ofSeconds(30));
      }
      for (int e = 0; e < 40; e++) {
        DevnetWallet.awaitDone(
            client, OffChainInputs.checkId(tx.hash(), e).toHexString(), Duration.ofSeconds(240));
      }
      assertThat(DevnetWallet.query(client, contract, "stored")).isEqualTo("40");
      SignedTransaction total = DevnetWallet.call(bank, 2, contract, "total");
      assertThat(DevnetWallet.send(client, total).get("status").asText()).isEqualTo("0x1");
      String id = Hashing.keccak256(total.hash(), Bytes.of(0, 0)).toHexString();
      DevnetWallet.awaitDone(client, id, Duration.ofSeconds(120));
      assertThat(DevnetWallet.query(client, contract, "total_of"))
          .isEqualTo(Long.toString(expected));

      crash(devnet, client, accounts.get(3), view, contract, endpoints, dir);
      cli(devnet, client, data, contract, endpoints, dir);
      garbled(client, accounts.get(1), view, contract, endpoints);
      undelivered(client, accounts.get(2), view, contract);
      inconsistentShamir(client, accounts.get(2), accounts.get(1), endpoints);
      assertThat(DevnetWallet.query(client, contract, "stored")).isEqualTo("45");

      // no amount in the clear: blocks, receipts and every node's and member's log
      StringBuilder seen = new StringBuilder();
      long head = Long.decode(client.call("chain_head").get("number").asText());
      for (long h = 0; h <= head; h++) {
        JsonNode block = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(h), true);
        seen.append(block);
        for (JsonNode t : block.get("transactions")) {
          seen.append(client.call("tx_getReceipt", t.get("hash").asText()));
        }
      }
      try (Stream<Path> files = Files.walk(data)) {
        for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
          seen.append(Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
      for (long amount : amounts) {
        assertThat(seen.toString())
            .as("amount %d", amount)
            .doesNotContain(Long.toString(amount))
            .doesNotContain(Bytes.ofUnsignedLong(amount).toUnprefixedHexString());
      }
    }
  }

  /**
   * Every bad request gets its precise status, and a wallet refuses an endpoint that is not the
   * member's: none of it changes what the members hold.
   */
  private static void endpointErrors(
      List<URI> endpoints, Bytes32 tx, List<Bytes> ciphertexts, CommitteeView view)
      throws Exception {
    URI at = endpoints.get(1);
    // the member processes may still be starting
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> post(at, "/", Bytes.EMPTY).startsWith("400 "));
    String path = "/v1/offchain-inputs/" + tx.toHexString() + "/1";
    // 404 until the member read the block that stored the input, then 409 for a wrong body
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> post(at, path, ciphertexts.get(2)), r -> !r.startsWith("404 "));
    assertThat(post(at, path, ciphertexts.get(2))).startsWith("409 ");
    assertThat(
            post(
                at, "/v1/offchain-inputs/" + Bytes32.ZERO.toHexString() + "/1", ciphertexts.get(1)))
        .startsWith("404 ");
    assertThat(post(at, "/v1/offchain-inputs/" + tx.toHexString() + "/2", ciphertexts.get(2)))
        .startsWith("421 ");
    assertThat(post(at, "/v1/offchain-inputs/nothing", ciphertexts.get(1))).startsWith("400 ");
    assertThat(post(at, path, Bytes.wrap(new byte[200_000]))).startsWith("413 ");
    // the answers name the rule broken, never a share, a key or another input
    assertThat(post(at, path, ciphertexts.get(2)))
        .contains("is not member 1's digest")
        .doesNotContain(ciphertexts.get(1).toUnprefixedHexString().substring(0, 16));
    // the wallet checks the certificate: member 1's endpoint is not member 2's
    assertThatThrownBy(
            () ->
                io.parley.sdk.inputs.OffChainInputs.deliver(
                    at,
                    tx,
                    1,
                    ciphertexts.get(1),
                    view.committee().members().get(2).signing(),
                    Duration.ofSeconds(5)))
        .isInstanceOf(java.io.IOException.class);
  }

  /** A raw POST that trusts any certificate (the attacker's view): "status body". */
  private static String post(URI at, String path, Bytes body) throws Exception {
    SSLContext tls = SSLContext.getInstance("TLSv1.3");
    tls.init(
        null,
        new TrustManager[] {
          new javax.net.ssl.X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) {}

            @Override
            public void checkClientTrusted(
                X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

            @Override
            public void checkServerTrusted(
                X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    HttpClient http =
        HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(at.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toArrayUnsafe()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  /**
   * Member 3 is killed (SIGKILL) right after it accepted its ciphertext and restarted by its
   * operator: what it accepted and owed is in its store, so the input is delivered and checked.
   */
  private static void crash(
      DevnetProcess devnet,
      RpcClient client,
      KeyPair wallet,
      CommitteeView view,
      Address contract,
      List<URI> endpoints,
      Path dir)
      throws Exception {
    io.parley.sdk.inputs.OffChainInputs.Draft draft =
        io.parley.sdk.inputs.OffChainInputs.draft(
            view,
            "flagged",
            List.of(
                List.of(BigInteger.valueOf(1)),
                List.of(BigInteger.valueOf(2)),
                List.of(BigInteger.valueOf(3))));
    SignedTransaction tx = DevnetWallet.sign(wallet, 0, draft.template());
    assertThat(DevnetWallet.send(client, tx).get("status").asText()).isEqualTo("0x1");
    for (int j = 3; j >= 0; j--) {
      io.parley.sdk.inputs.OffChainInputs.deliver(
          endpoints.get(j),
          tx.hash(),
          j,
          draft.ciphertexts().get(j),
          view.committee().members().get(j).signing(),
          Duration.ofSeconds(30));
      if (j == 3) {
        devnet.kill9(3, dir.resolve("mpc-3-restarted.log")).run();
      }
    }
    for (int e = 0; e < 3; e++) {
      DevnetWallet.awaitDone(
          client, OffChainInputs.checkId(tx.hash(), e).toHexString(), Duration.ofSeconds(180));
    }
  }

  /**
   * `parley contract submit --elements-file` as a user runs it: the transaction, its receipt, each
   * member's delivery; the values are never printed. A wrong number of endpoints is refused first.
   */
  private static void cli(
      DevnetProcess devnet,
      RpcClient client,
      Path data,
      Address contract,
      List<URI> endpoints,
      Path dir)
      throws Exception {
    Path file = dir.resolve("elements.json");
    Files.writeString(file, "[[\"987654321987\"], [123456789123]]");
    String key = data.resolve("network/accounts/account-3.key").toString();
    String rpc = "http://127.0.0.1:" + devnet.rpcPort() + "/";
    List<String> urls = endpoints.stream().map(URI::toString).toList();
    java.util.function.Function<String, String[]> submit =
        to ->
            new String[] {
              "contract",
              "submit",
              "--contract",
              contract.toHexString(),
              "--collection",
              "flagged",
              "--elements-file",
              file.toString(),
              "--input-endpoints",
              to,
              "--rpc",
              rpc,
              "--key-file",
              key
            };
    io.parley.node.testing.CliRun refused =
        io.parley.node.testing.CliRun.of(submit.apply(urls.get(0)));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output()).contains("--input-endpoints needs 4 https://host:port entries");
    io.parley.node.testing.CliRun done =
        io.parley.node.testing.CliRun.of(submit.apply(String.join(",", urls)));
    assertThat(done.exit()).as(done.output()).isZero();
    assertThat(done.output())
        .contains("delivered member 3's ciphertext")
        .doesNotContain("987654321987")
        .doesNotContain("123456789123");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("off-chain input transaction (0x[0-9a-f]{64})")
            .matcher(done.output());
    assertThat(m.find()).isTrue();
    Bytes32 tx = Bytes32.fromHexString(m.group(1));
    for (int e = 0; e < 2; e++) {
      DevnetWallet.awaitDone(
          client, OffChainInputs.checkId(tx, e).toHexString(), Duration.ofSeconds(180));
    }
  }

  /**
   * A wallet garbles member 2's ciphertext (and names the garbled one's digest): member 2 complains
   * with it, every validator finds the sender at fault, and each element is rejected (reason 3).
   */
  private static void garbled(
      RpcClient client, KeyPair wallet, CommitteeView view, Address contract, List<URI> endpoints)
      throws Exception {
    AtomicReference<List<Bytes>> delivered = new AtomicReference<>();
    SignedTransaction tx =
        DevnetWallet.sign(
            wallet,
            0,
            Transactions.secretInput(
                    contract,
                    (chainId, sender, nonce) -> {
                      SealedBatch.Sealed s =
                          Sealer.sealBatch(
                              view.committee(),
                              new InputContext(
                                  chainId,
                                  sender,
                                  nonce,
                                  contract,
                                  "flagged",
                                  0,
                                  view.committee().hash()),
                              List.of(
                                  List.of(BigInteger.valueOf(5)), List.of(BigInteger.valueOf(6))));
                      List<Bytes> cts = new ArrayList<>(s.ciphertexts());
                      byte[] bad = cts.get(2).toArray();
                      bad[9] ^= 0x40;
                      cts.set(2, Bytes.wrap(bad));
                      List<SealedBatch.Digest> digests = new ArrayList<>(s.batch().members());
                      digests.set(
                          2,
                          new SealedBatch.Digest(
                              digests.get(2).commitment(), Hashing.keccak256(cts.get(2))));
                      delivered.set(cts);
                      SealedBatch b = s.batch();
                      return new SealedBatch(
                              b.collection(),
                              b.count(),
                              b.committeeHash(),
                              b.ephemeral(),
                              b.proof(),
                              digests,
                              b.components())
                          .encode();
                    })
                .withGasLimit(6_000_000));
    assertThat(DevnetWallet.send(client, tx).get("status").asText()).isEqualTo("0x1");
    deliverAll(endpoints, tx, delivered.get(), view.committee());
    awaitRejected(client, contract, tx.hash(), 2, 3);
    // the sender was at fault: member 2 keeps its place
    for (JsonNode m : client.call("zk_getCommittee", contract.toHexString()).get("members")) {
      assertThat(m.get("excluded").isNull()).as(m.toString()).isTrue();
    }
  }

  /**
   * An off-chain input whose sharing is inconsistent at member 1, to a Shamir contract: the
   * element's check locates member 1, which discloses its whole plaintext (secret-inputs.md section
   * 6.1: it opens c_1, the element is cut from it) and the element is rejected with reason 7, the
   * sender's fault, nobody excluded.
   */
  private static void inconsistentShamir(
      RpcClient client, KeyPair deployer, KeyPair cheat, List<URI> endpoints) throws Exception {
    Address sum =
        DevnetWallet.deploy(
            client,
            deployer,
            1,
            Path.of("../contracts/src/test/resources/contracts/SecretSum.par"));
    CommitteeView view = CommitteeView.fetch(client, sum);
    assertThat(view.protocol()).isEqualTo("shamir-king");
    var committee = view.committee();
    List<byte[]> plains =
        committee
            .format()
            .dealAll(
                List.of(BigInteger.valueOf(4_242)),
                1,
                committee.size(),
                committee.threshold(),
                io.parley.zk.inputs.RandomBytes.secure());
    plains.get(1)[4] ^= 1; // member 1's share of the value, after the tag and the count
    AtomicReference<List<Bytes>> delivered = new AtomicReference<>();
    SignedTransaction tx =
        DevnetWallet.sign(
            cheat,
            1,
            Transactions.secretInput(
                    sum,
                    (chainId, sender, nonce) -> {
                      SealedBatch.Sealed s =
                          Sealer.sealBatchPlains(
                              committee,
                              new InputContext(
                                  chainId, sender, nonce, sum, "amounts", 0, committee.hash()),
                              1,
                              plains);
                      delivered.set(s.ciphertexts());
                      return s.batch().encode();
                    })
                .withGasLimit(6_000_000));
    assertThat(DevnetWallet.send(client, tx).get("status").asText()).isEqualTo("0x1");
    deliverAll(endpoints, tx, delivered.get(), committee);
    awaitRejected(client, sum, tx.hash(), 1, 7);
    for (JsonNode m : client.call("zk_getCommittee", sum.toHexString()).get("members")) {
      assertThat(m.get("excluded").isNull()).as(m.toString()).isTrue();
    }
  }

  /** Sends member j's ciphertext to member j's endpoint, for every member. */
  private static void deliverAll(
      List<URI> endpoints,
      SignedTransaction tx,
      List<Bytes> ciphertexts,
      io.parley.zk.inputs.InputCommittee committee)
      throws Exception {
    for (int j = 0; j < endpoints.size(); j++) {
      io.parley.sdk.inputs.OffChainInputs.deliver(
          endpoints.get(j),
          tx.hash(),
          j,
          ciphertexts.get(j),
          committee.members().get(j).signing(),
          Duration.ofSeconds(30));
    }
  }

  /** A wallet that never delivers: after the window every element is rejected, reason 4. */
  private static void undelivered(
      RpcClient client, KeyPair wallet, CommitteeView view, Address contract) throws Exception {
    io.parley.sdk.inputs.OffChainInputs.Draft draft =
        io.parley.sdk.inputs.OffChainInputs.draft(
            view,
            "flagged",
            List.of(List.of(BigInteger.valueOf(7)), List.of(BigInteger.valueOf(8))));
    SignedTransaction tx = DevnetWallet.sign(wallet, 0, draft.template());
    assertThat(DevnetWallet.send(client, tx).get("status").asText()).isEqualTo("0x1");
    awaitRejected(client, contract, tx.hash(), 2, OffChainInputs.UNDELIVERED);
  }

  /** Waits until {@code count} elements of {@code tx} are rejected with {@code reason}. */
  private static void awaitRejected(
      RpcClient client, Address contract, Bytes32 tx, int count, int reason) {
    java.util.Set<Bytes32> ids = new java.util.HashSet<>();
    for (int e = 0; e < count; e++) {
      ids.add(OffChainInputs.elementId(tx, e));
    }
    DevnetWallet.awaitRejected(client, ids, reason);
  }
}

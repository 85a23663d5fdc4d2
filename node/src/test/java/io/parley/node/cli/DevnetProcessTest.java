package io.parley.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.genesis.KeyFiles;
import io.parley.node.testing.MetricsScrape;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.PrometheusText;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley devnet} as a user runs it: a process that prints its URL and dev account. */
class DevnetProcessTest {
  @TempDir Path dir;

  private Process devnet(Path data, int port, Path log) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m"));
    if (Runtime.version().feature() >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ParleyCommand.class.getName(),
            "devnet",
            "--data-path",
            data.toString(),
            "--rpc-port",
            Integer.toString(port),
            "--p2p-port",
            Integer.toString(port + 100),
            "--metrics-port",
            Integer.toString(port + 200)));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Test
  void fourValidatorDevnetPrintsItsUrlsAndAFundedAccountAndContinuesAfterARestart()
      throws Exception {
    Path data = dir.resolve("devnet-data");
    Path log = dir.resolve("devnet.log");
    int port = NodeProcess.freePort();
    Process first = devnet(data, port, log);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("Try:"));
      String banner = Files.readString(log);
      assertThat(banner).contains("JSON-RPC      http://127.0.0.1:" + port + "/");
      assertThat(banner)
          .contains("metrics       http://127.0.0.1:" + (port + 203) + "/metrics   (validator 3)");
      Matcher account = Pattern.compile("dev account   (0x[0-9a-f]{40})").matcher(banner);
      Matcher keyFile = Pattern.compile("key file    (\\S+)").matcher(banner);
      assertThat(account.find() && keyFile.find()).isTrue();
      KeyPair dev = KeyPair.of(KeyFiles.read(Path.of(keyFile.group(1))));
      assertThat(dev.address().toHexString()).isEqualTo(account.group(1));
      assertThat(banner).doesNotContain(dev.privateKey().bytes().toHexString().substring(2));

      RpcClient client =
          new RpcClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(10));
      JsonNode funded = client.call("state_getAccount", dev.address().toHexString());
      assertThat(funded.get("balance").asText()).isEqualTo("0xd3c21bcecceda1000000"); // 10^6 PAR
      SignedTransaction tx =
          Transaction.transfer(
                  1337,
                  0,
                  Address.fromHex("0x000000000000000000000000000000000000dead"),
                  UInt256.valueOf(7),
                  UInt256.ONE,
                  21_000)
              .sign(dev);
      client.call("tx_send", tx.encoded().toHexString());
      await().atMost(Duration.ofSeconds(20)).until(() -> receipt(client, tx));
      // The four MPC members, each its own process, keep their shares of a secret input.
      assertThat(banner).contains("mpc committee 4 members (t = 1)");
      var donations =
          io.parley.contracts.ContractCompiler.compile(
              Path.of("../contracts/src/test/resources/contracts/Tips.par"));
      SignedTransaction deploy =
          new Transaction(
                  1337,
                  1,
                  io.parley.base.tx.TransactionKind.DEPLOY,
                  UInt256.ONE,
                  5_000_000,
                  java.util.Optional.empty(),
                  UInt256.ZERO,
                  io.parley.contracts.abi.Payloads.deploy(
                      donations.bundle().encode(),
                      org.apache.tuweni.bytes.Bytes.fromHexString("0xc0")))
              .sign(dev);
      client.call("tx_send", deploy.encoded().toHexString());
      await().atMost(Duration.ofSeconds(20)).until(() -> receipt(client, deploy));
      Address contract = io.parley.contracts.abi.Payloads.contractAddress(dev.address(), 1);
      var committee = io.parley.sdk.inputs.CommitteeView.fetch(client, contract).committee();
      SignedTransaction gift =
          new Transaction(
                  1337,
                  2,
                  io.parley.base.tx.TransactionKind.SECRET_INPUT,
                  UInt256.ONE,
                  1_000_000,
                  java.util.Optional.of(contract),
                  UInt256.ZERO,
                  io.parley.zk.inputs.Sealer.seal(
                          committee,
                          new io.parley.zk.inputs.InputContext(
                              1337, dev.address(), 2, contract, "tips", 0, committee.hash()),
                          List.of(java.math.BigInteger.valueOf(987_654_321)))
                      .encode())
              .sign(dev);
      client.call("tx_send", gift.encoded().toHexString());
      await().atMost(Duration.ofSeconds(20)).until(() -> receipt(client, gift));
      for (int j = 0; j < 4; j++) {
        Path memberLog = data.resolve("mpc-" + j).resolve("mpc-node.log");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Files.exists(memberLog)
                        && Files.readString(memberLog).contains("holds input")
                        && Files.readString(memberLog).contains("tips[0]"));
        assertThat(Files.readString(memberLog)).doesNotContain("987654321");
      }
      // Each validator process serves its metrics; validator 0 sees its three peers.
      InetSocketAddress metrics = new InetSocketAddress("127.0.0.1", port + 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> MetricsScrape.parsed(metrics).value("parley_p2p_peers") == 3);
      PrometheusText scraped = MetricsScrape.parsed(metrics);
      assertThat(scraped.value("parley_chain_height")).isPositive();
      // the transfer, the deployment, the secret input and the members' votes on its check: the
      // counter agrees with the blocks up to the height scraped with it
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                PrometheusText now = MetricsScrape.parsed(metrics);
                double counted = now.value("parley_transactions_committed_total");
                return counted >= 3
                    && counted == transactionsUpTo(client, (long) now.value("parley_chain_height"));
              });
      assertThat(scraped.familyOf("parley_p2p_dropped_frames_total").type()).isEqualTo("counter");

      // A confidential computation end to end: the four member processes compute over the
      // committee network and vote; the chain finalises the result and runs the callback.
      var pooled =
          io.parley.contracts.ContractCompiler.compile(
              Path.of("../contracts/src/test/resources/contracts/Donations.par"));
      send(
          client,
          dev,
          3,
          io.parley.base.tx.TransactionKind.DEPLOY,
          java.util.Optional.empty(),
          io.parley.contracts.abi.Payloads.deploy(
              pooled.bundle().encode(), org.apache.tuweni.bytes.Bytes.fromHexString("0xc0")));
      Address pot = io.parley.contracts.abi.Payloads.contractAddress(dev.address(), 3);
      var potCommittee = io.parley.sdk.inputs.CommitteeView.fetch(client, pot).committee();
      send(
          client,
          dev,
          4,
          io.parley.base.tx.TransactionKind.SECRET_INPUT,
          java.util.Optional.of(pot),
          io.parley.zk.inputs.Sealer.seal(
                  potCommittee,
                  new io.parley.zk.inputs.InputContext(
                      1337, dev.address(), 4, pot, "gifts", 0, potCommittee.hash()),
                  List.of(java.math.BigInteger.valueOf(400)))
              .encode());
      SignedTransaction settle =
          send(
              client,
              dev,
              5,
              io.parley.base.tx.TransactionKind.CALL,
              java.util.Optional.of(pot),
              io.parley.contracts.abi.Payloads.call(
                  "settle", org.apache.tuweni.bytes.Bytes.fromHexString("0xc0")));
      String id =
          io.parley.base.crypto.Hashing.keccak256(
                  settle.hash(), org.apache.tuweni.bytes.Bytes.of(0, 0))
              .toHexString();
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> client.call("zk_getComputation", id).get("status").asText().equals("done"));
      JsonNode done = client.call("zk_getComputation", id);
      assertThat(done.get("votes").size()).isGreaterThanOrEqualTo(3);
      assertThat(done.get("callbackFailure").isNull()).isTrue();
      assertThat(client.call("contract_query", pot.toHexString(), "settled").get("value").asText())
          .isEqualTo("1");
    } finally {
      List<ProcessHandle> validators = first.descendants().toList();
      first.destroy(); // SIGTERM, like Ctrl-C
      assertThat(first.waitFor()).isIn(0, 143);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> validators.stream().noneMatch(ProcessHandle::isAlive));
    }
    for (int i = 0; i < 4; i++) {
      assertThat(Files.readString(data.resolve("node-" + i).resolve("node.log")))
          .contains("Parley stopped at block");
    }

    Process second = devnet(data, port, log);
    try {
      // the members restart on their data: they continue after the blocks they already processed
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Files.readString(data.resolve("mpc-0").resolve("mpc-node.log"))
                          .lines()
                          .filter(l -> l.contains("following"))
                          .count()
                      == 2);
      RpcClient client =
          new RpcClient(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  client
                      .call("state_getAccount", "0x000000000000000000000000000000000000dead")
                      .get("balance")
                      .asText()
                      .equals("0x7"));
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  private static SignedTransaction send(
      RpcClient client,
      KeyPair from,
      long nonce,
      io.parley.base.tx.TransactionKind kind,
      java.util.Optional<Address> to,
      org.apache.tuweni.bytes.Bytes payload)
      throws Exception {
    SignedTransaction tx =
        new Transaction(1337, nonce, kind, UInt256.ONE, 5_000_000, to, UInt256.ZERO, payload)
            .sign(from);
    client.call("tx_send", tx.encoded().toHexString());
    await().atMost(Duration.ofSeconds(20)).until(() -> receipt(client, tx));
    return tx;
  }

  private static boolean receipt(RpcClient client, SignedTransaction tx) {
    try {
      return client
          .call("tx_getReceipt", tx.hash().toHexString())
          .get("status")
          .asText()
          .equals("0x1");
    } catch (RpcClientException e) {
      return false;
    }
  }

  /** The number of transactions in blocks 0..height. */
  private static long transactionsUpTo(RpcClient client, long height) throws Exception {
    long total = 0;
    for (long h = 0; h <= height; h++) {
      total +=
          client
              .call("chain_getBlockByNumber", "0x" + Long.toHexString(h), false)
              .get("transactions")
              .size();
    }
    return total;
  }
}

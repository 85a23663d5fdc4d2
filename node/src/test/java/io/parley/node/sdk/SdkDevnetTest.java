package io.parley.node.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Bundle;
import io.parley.node.testing.DevnetProcess;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.TransactionReceipt;
import io.parley.sdk.contract.ContractClient;
import io.parley.sdk.contract.FacadeGenerator;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import io.parley.sdk.tx.Transactions;
import io.parley.sdk.verify.VerifiedBlock;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.tools.ToolProvider;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against {@code parley devnet} as processes (four validators), as an application uses it:
 * a transfer, a Token deployed and called through a facade generated from its ABI and compiled with
 * javac, a block whose certificate verifies against the served validators, a storage entry proven
 * against that block's state root, and newHeads over a WebSocket. It lives in node's tests because
 * the devnet harness ({@link DevnetProcess}) is there and the SDK must not depend on node.
 */
class SdkDevnetTest {
  @TempDir Path dir;

  @Test
  void anApplicationTransfersDeploysCallsVerifiesAndSubscribes() throws Exception {
    try (DevnetProcess devnet =
        DevnetProcess.start(dir.resolve("data"), dir.resolve("devnet.log"))) {
      String url = "http://127.0.0.1:" + devnet.rpcPort() + "/";
      ParleyClient client = ParleyClient.connect(url);
      KeyPair dev = devnet.devAccount();
      try (SubscriptionClient ws =
          SubscriptionClient.connect(
              SubscriptionClient.webSocketUri(URI.create(url)), Duration.ofSeconds(10))) {
        SubscriptionQueue heads = ws.newHeads(256);

        // a transfer, nonce and gas from the node
        KeyPair bob = KeyPair.random();
        SentTransaction sent =
            client.send(Transactions.transfer(bob.address(), Amounts.ONE_PAR), dev);
        TransactionReceipt paid = client.awaitReceipt(sent.hash(), Duration.ofSeconds(60));
        assertThat(paid.success()).as(paid.failureReason().orElse("")).isTrue();
        assertThat(client.account(bob.address()).balance()).isEqualTo(Amounts.ONE_PAR);

        // a facade generated from Token's ABI, compiled, deploying and calling the contract
        CompiledContract token =
            ContractCompiler.compile(Path.of("../contracts/examples/Token.par"));
        Path abi = dir.resolve("Token.abi.json");
        Files.writeString(abi, token.abiJson());
        Class<?> facade =
            compile(FacadeGenerator.write(abi, "app", dir.resolve("src")), "app.Token");
        Object deployed =
            facade
                .getMethod(
                    "deploy",
                    ParleyClient.class,
                    KeyPair.class,
                    Bundle.class,
                    Bytes.class,
                    Bytes.class,
                    BigInteger.class)
                .invoke(
                    null,
                    client,
                    dev,
                    token.bundle(),
                    Bytes.wrap("Parley Token".getBytes(StandardCharsets.US_ASCII)),
                    Bytes.wrap("PTK".getBytes(StandardCharsets.US_ASCII)),
                    BigInteger.valueOf(1_000_000));
        Address contract = (Address) facade.getMethod("address").invoke(deployed);
        SentTransaction call =
            (SentTransaction)
                facade
                    .getMethod("transfer", KeyPair.class, Address.class, BigInteger.class)
                    .invoke(deployed, dev, bob.address(), BigInteger.valueOf(250));
        TransactionReceipt called = client.awaitReceipt(call.hash(), Duration.ofSeconds(60));
        assertThat(called.success()).as(called.failureReason().orElse("")).isTrue();
        @SuppressWarnings("unchecked")
        List<ContractClient.DecodedEvent> events =
            (List<ContractClient.DecodedEvent>)
                facade.getMethod("events", TransactionReceipt.class).invoke(deployed, called);
        assertThat(events)
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.name()).isEqualTo("Transfer");
                  assertThat(e.fields().get("to")).isEqualTo(bob.address());
                  assertThat(e.fields().get("amount")).isEqualTo(BigInteger.valueOf(250));
                });
        assertThat(facade.getMethod("balanceOf", Address.class).invoke(deployed, bob.address()))
            .isEqualTo(BigInteger.valueOf(250));

        // a certified block and a storage entry proven against its state root
        VerifiedBlock block = client.verifiedBlock("latest");
        assertThat(block.number()).isGreaterThanOrEqualTo(called.blockNumber());
        ContractClient contractClient =
            (ContractClient) facade.getMethod("contract").invoke(deployed);
        Bytes32 key = contractClient.storageKey("balances", bob.address());
        Optional<Bytes> stored = client.provenStorage(contract, key, block);
        assertThat(stored.map(b -> b.toUnsignedBigInteger())).contains(BigInteger.valueOf(250));
        assertThat(client.provenAccount(bob.address(), block).orElseThrow().balance())
            .isEqualTo(Amounts.ONE_PAR);

        // the heads committed meanwhile arrived over the WebSocket, in order
        JsonNode first = heads.next(Duration.ofSeconds(30)).orElseThrow();
        JsonNode second = heads.next(Duration.ofSeconds(30)).orElseThrow();
        assertThat(Long.decode(second.get("number").asText()))
            .isEqualTo(Long.decode(first.get("number").asText()) + 1);
        heads.close();
        assertThat(heads.failure()).contains("unsubscribed");

        // a sealed bid to the auction example, through the committee view of zk_getCommittee
        CompiledContract auctionCode =
            ContractCompiler.compile(Path.of("../contracts/examples/Auction.par"));
        ContractClient auction =
            ContractClient.deploy(
                client,
                dev,
                auctionCode.bundle(),
                BigInteger.valueOf(System.currentTimeMillis() + 3_600_000));
        TransactionReceipt deposited =
            client.awaitReceipt(
                auction.callWithValue(dev, UInt256.valueOf(1_000_000), "deposit").hash(),
                Duration.ofSeconds(60));
        assertThat(deposited.success()).as(deposited.failureReason().orElse("")).isTrue();
        SentTransaction bid =
            auction.submitSecretInput(dev, "bids", List.of(BigInteger.valueOf(420_777)));
        TransactionReceipt sealed = client.awaitReceipt(bid.hash(), Duration.ofSeconds(60));
        assertThat(sealed.success()).as(sealed.failureReason().orElse("")).isTrue();
        assertThat(sealed.events())
            .anySatisfy(
                e ->
                    assertThat(e.topics().get(0))
                        .isEqualTo(
                            Hashing.keccak256(
                                Bytes.wrap(
                                    "InputSubmitted(bytes,u32,bytes32)"
                                        .getBytes(StandardCharsets.US_ASCII)))));
      }
    }
  }

  private Class<?> compile(Path source, String className) throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                diagnostics,
                diagnostics,
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "21",
                source.toString());
    assertThat(status).as("javac: %s", diagnostics).isZero();
    return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())
        .loadClass(className);
  }
}

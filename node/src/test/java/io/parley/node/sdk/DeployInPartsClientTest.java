package io.parley.node.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.base.crypto.KeyPair;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.DeployParts;
import io.parley.node.ParleyNode;
import io.parley.node.testing.CliRun;
import io.parley.node.testing.TestNetwork;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.contract.ContractClient;
import io.parley.sdk.contract.DeployInParts;
import io.parley.sdk.tx.Transactions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle larger than one transaction (ThreatIntel for 20 indicators each, 128 sorted keys, about
 * 180 KB) deployed through the SDK's {@link ContractClient#deploy} and through {@code parley
 * contract deploy}, against an in-process node with the default {@code maxTransactionSize}: both
 * upload it in two parts, then deploy it by reference.
 */
class DeployInPartsClientTest {
  /** Indicators per organisation: a bundle between one and two transactions. */
  static final int INDICATORS = 20;

  @TempDir Path dir;

  @Test
  void theSdkAndTheCliDeployABundleLargerThanOneTransaction() throws Exception {
    Path source = dir.resolve("ThreatIntel.par");
    java.nio.file.Files.writeString(
        source, io.parley.contracts.examples.Examples.threatIntel(INDICATORS));
    Bundle bundle = ContractCompiler.compile(source).bundle();
    TestNetwork network = TestNetwork.create(dir, 2);
    KeyPair alice = network.accounts().get(0);
    try (ParleyNode node = network.start()) {
      String rpc = "http://127.0.0.1:" + node.rpcAddress().orElseThrow().getPort() + "/";
      ParleyClient client = ParleyClient.connect(rpc);
      int max = DeployInParts.maxTransactionSize(client);
      List<DeployParts.Part> parts = DeployParts.split(bundle.encode(), max);
      assertThat(parts).hasSize(2);

      // an earlier attempt stopped after part 0: the SDK sends part 1 only
      SentTransaction first = client.send(Transactions.uploadPart(parts.get(0)), alice);
      assertThat(client.awaitReceipt(first.hash(), Duration.ofSeconds(60)).success()).isTrue();
      ContractClient deployed = ContractClient.deploy(client, alice, bundle);
      assertThat(deployed.query("shared_indicators").asLong()).isZero();
      assertThat(client.account(alice.address()).nonce()).isEqualTo(3);

      String key =
          network.genesisFile().getParent().resolve("accounts").resolve("account-1.key").toString();
      CliRun cli =
          CliRun.of(
              "contract",
              "deploy",
              source.toString(),
              "--gas-limit",
              "150000000",
              "--rpc",
              rpc,
              "--key-file",
              key,
              "--wait");
      assertThat(cli.exit()).as(cli.output()).isZero();
      assertThat(cli.output())
          .contains("upload part 1/2")
          .contains("upload part 2/2")
          .contains("uploaded " + bundle.encode().size() + " bytes in 2 parts (2 sent now)")
          .contains("committed in block");
      Matcher m = Pattern.compile("contract address (0x[0-9a-f]{40})").matcher(cli.output());
      assertThat(m.find()).isTrue();
      assertThat(
              ContractClient.at(client, io.parley.base.types.Address.fromHex(m.group(1)))
                  .query("shared_indicators")
                  .asLong())
          .isZero();
    }
  }
}

package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.outputs.PrivateOutputClient;
import io.parley.sdk.rpc.RpcClientException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley contract output}: the recipient of a private output (a confidential function's
 * {@code reveal_to}) asks for it, waits for the members' sealed shares and prints the values
 * (docs/spec/private-outputs.md). Only the recipient's key opens them.
 */
@Command(
    name = "output",
    mixinStandardHelpOptions = true,
    description = "Receive a private output of a confidential computation (you are its recipient).")
final class ContractOutput implements Callable<Integer> {
  @Mixin RpcOptions rpc;

  @ArgGroup(exclusive = true, multiplicity = "1")
  WalletCommand.Send.Signer signer;

  @Mixin WalletCommand.KeystoreOptions keystore;

  @Option(names = "--computation", required = true, description = "The computation id (0x...).")
  String computation;

  @Option(
      names = "--name",
      defaultValue = "private_0",
      description = "The output's name: private_0, private_1, ... (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "120",
      description = "How long to wait for the members' shares (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    Bytes32 id;
    try {
      id = Bytes32.fromHexString(computation);
    } catch (IllegalArgumentException e) {
      throw new CliException("--computation is not a 32-byte hex id: " + computation);
    }
    KeyPair key = signer.unlock(keystore);
    ParleyClient client = new ParleyClient(rpc.client());
    PrivateOutputClient outputs = new PrivateOutputClient(client);
    try {
      JsonNode output = outputs.fetch(id, name);
      if (!output.get("recipient").asText().equalsIgnoreCase(key.address().toHexString())) {
        throw new CliException(
            "output "
                + name
                + " is for "
                + output.get("recipient").asText()
                + ", not for this key");
      }
      if (output.get("publicKey").isNull()) {
        var sent = outputs.request(id, name, key);
        var receipt = client.awaitReceipt(sent.hash(), Duration.ofSeconds(60));
        if (!receipt.success()) {
          throw new CliException("the request failed: " + receipt.failureReason().orElse(""));
        }
        System.out.println(
            "requested " + name + " of " + id + " in block " + receipt.blockNumber());
      }
      BigInteger[] values = outputs.await(id, name, key, Duration.ofSeconds(timeoutSeconds));
      for (BigInteger v : values) {
        System.out.println(v);
      }
      return 0;
    } catch (RpcClientException e) {
      throw new CliException(e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
  }
}

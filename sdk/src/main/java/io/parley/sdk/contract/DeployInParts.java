package io.parley.sdk.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.contracts.abi.DeployParts;
import io.parley.contracts.abi.Payloads;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.TransactionReceipt;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Deploys a bundle of any size up to 16 MiB (docs/spec/deploy-in-parts.md): a deploy payload that
 * fits one transaction goes as it is; a larger one is uploaded to the code store in parts (all
 * sent, then every receipt awaited) and deployed by a payload naming its code hash. The chain's
 * {@code maxTransactionSize} is read from {@code chain_getParameters}. Parts the chain already
 * holds for the signer (an earlier attempt that stopped half way) are not sent again.
 */
public final class DeployInParts {
  private DeployInParts() {}

  /**
   * The deploy payload to send, the number of parts of the upload it names (0 for a direct deploy)
   * and the part uploads this call sent and saw committed (parts already on the chain are not sent
   * again).
   */
  public record Prepared(Bytes deployPayload, int parts, List<SentTransaction> sent) {
    public Prepared {
      sent = List.copyOf(sent);
    }
  }

  /** The chain's largest transaction, in bytes. */
  public static int maxTransactionSize(ParleyClient client) throws RpcClientException {
    return Integer.decode(client.parameters().get("execution").get("maxTransactionSize").asText());
  }

  /**
   * Whether a direct deploy payload must go in parts: when it is longer than a part may be ({@code
   * maxTransactionSize - 1024}), the room left for the transaction's other fields. A chain whose
   * transactions are at most 1,024 bytes takes no parts: there every deploy goes directly.
   */
  public static boolean needsParts(Bytes directPayload, int maxTransactionSize) {
    int part = DeployParts.maxPartBytes(maxTransactionSize);
    return part >= 1 && directPayload.size() > part;
  }

  /**
   * Uploads {@code bundleEncoding} in parts signed by {@code key} when its direct deploy payload
   * does not fit one transaction, and waits for every part's receipt; returns the deploy payload to
   * sign with the same key (the direct one, or the reference to the upload).
   *
   * @param gasPrice the parts' gas price; empty takes the chain's
   * @param progress told of each part sent, for a command line to print
   * @throws RpcClientException when a part is refused or fails (the message names the part and the
   *     reason) or a receipt does not come within {@code timeout}
   */
  public static Prepared prepare(
      ParleyClient client,
      KeyPair key,
      Bytes bundleEncoding,
      Bytes encodedInitArguments,
      Optional<UInt256> gasPrice,
      Duration timeout,
      Consumer<String> progress)
      throws RpcClientException, InterruptedException {
    Bytes direct = Payloads.deploy(bundleEncoding, encodedInitArguments);
    int max = maxTransactionSize(client);
    if (!needsParts(direct, max)) {
      return new Prepared(direct, 0, List.of());
    }
    List<DeployParts.Part> parts;
    try {
      parts = DeployParts.split(bundleEncoding, max);
    } catch (IllegalArgumentException e) {
      throw new RpcClientException(0, "cannot deploy in parts: " + e.getMessage());
    }
    Bytes32 codeHash = parts.get(0).codeHash();
    Optional<DeployParts.Upload> record =
        stored(client, DeployParts.uploadKey(key.address(), codeHash))
            .map(DeployParts.Upload::decode);
    if (record.isPresent() && record.get().parts() != parts.size()) {
      throw new RpcClientException(
          0,
          "the chain holds an upload of "
              + codeHash
              + " by "
              + key.address()
              + " in "
              + record.get().parts()
              + " parts; this client splits it in "
              + parts.size());
    }
    List<SentTransaction> sent = new ArrayList<>();
    for (DeployParts.Part part : parts) {
      if (record.isPresent()
          && stored(client, DeployParts.partKey(key.address(), codeHash, part.part()))
              .isPresent()) {
        progress.accept("part " + (part.part() + 1) + "/" + part.parts() + " already stored");
        continue;
      }
      TransactionTemplate draft = Transactions.uploadPart(part);
      if (gasPrice.isPresent()) {
        draft = draft.withGasPrice(gasPrice.get());
      }
      SentTransaction s = send(client, draft, key, part);
      sent.add(s);
      progress.accept(
          "part "
              + (part.part() + 1)
              + "/"
              + part.parts()
              + " ("
              + part.bytes().size()
              + " bytes) transaction "
              + s.hash());
    }
    for (SentTransaction s : sent) {
      TransactionReceipt receipt = client.awaitReceipt(s.hash(), timeout);
      if (!receipt.success()) {
        throw new RpcClientException(
            0,
            "part upload "
                + s.hash()
                + " failed: "
                + receipt.failureReason().orElse("(no reason given)"));
      }
    }
    return new Prepared(
        DeployParts.referenceDeploy(codeHash, encodedInitArguments), parts.size(), sent);
  }

  /** An entry of the code store at the latest block ({@code state_getStorageProof}'s value). */
  private static Optional<Bytes> stored(ParleyClient client, Bytes32 key)
      throws RpcClientException {
    JsonNode value =
        client
            .rpc()
            .call("state_getStorageProof", DeployParts.CODE_STORE.toHexString(), key.toHexString())
            .get("value");
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.of(Bytes.fromHexString(value.asText()));
  }

  private static SentTransaction send(
      ParleyClient client, TransactionTemplate draft, KeyPair key, DeployParts.Part part)
      throws RpcClientException {
    try {
      return client.send(draft, key);
    } catch (RpcClientException e) {
      throw new RpcClientException(
          e.code(), "part " + part.part() + " of " + part.parts() + ": " + e.getMessage());
    }
  }
}

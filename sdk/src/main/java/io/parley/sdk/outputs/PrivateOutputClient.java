package io.parley.sdk.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.rpc.SubscriptionClient;
import io.parley.sdk.rpc.SubscriptionQueue;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.zk.computation.OutputReconstruction;
import io.parley.zk.inputs.OutputSeal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A recipient's side of a private output (docs/spec/private-outputs.md): ask for it once with a
 * call to the registry account carrying the account's public key, then read the members' sealed
 * shares with {@code zk_getOutput}, open them with the account's key and reconstruct the values.
 */
public final class PrivateOutputClient {
  /** The registry account 0x…c1 (computations.md). */
  public static final Address REGISTRY =
      Address.fromHex("0x00000000000000000000000000000000000000c1");

  private final ParleyClient client;

  public PrivateOutputClient(ParleyClient client) {
    this.client = client;
  }

  /** The request's payload (section 2). */
  public static Bytes requestPayload(Bytes32 computation, String name, KeyPair recipient) {
    return RLP.encodeList(
        w -> {
          w.writeLong(1);
          w.writeValue(computation);
          w.writeValue(Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII)));
          w.writeValue(recipient.publicKey().bytes());
        });
  }

  /** Sends the request (a call to the registry account, no value) signed by {@code recipient}. */
  public SentTransaction request(Bytes32 computation, String name, KeyPair recipient)
      throws RpcClientException {
    TransactionTemplate draft =
        io.parley.sdk.tx.Transactions.of(
            TransactionKind.CALL,
            Optional.of(REGISTRY),
            UInt256.ZERO,
            requestPayload(computation, name, recipient));
    return client.send(draft, recipient);
  }

  /** {@code zk_getOutput}: the recipient, the key it asked with, the posted shares. */
  public JsonNode fetch(Bytes32 computation, String name) throws RpcClientException {
    return client.rpc().call("zk_getOutput", computation.toHexString(), name);
  }

  /**
   * The values, once enough members posted shares that open with {@code recipient}'s key (section
   * 4); empty while too few did.
   *
   * @throws IllegalArgumentException when the shares present are inconsistent (a wrong share)
   */
  public Optional<BigInteger[]> open(Bytes32 computation, String name, KeyPair recipient)
      throws RpcClientException {
    JsonNode output = fetch(computation, name);
    JsonNode committee =
        client.rpc().call("zk_getCommittee", contractOf(computation).toHexString());
    int n = committee.get("members").size();
    var format = OutputReconstruction.format(committee.get("sharing").asText());
    Bytes32 context = OutputSeal.context(client.chainId(), computation, name);
    Map<Integer, byte[]> shares = new LinkedHashMap<>();
    for (JsonNode s : output.get("shares")) {
      int j = Integer.decode(s.get("member").asText());
      OutputSeal.open(
              recipient.privateKey(),
              context,
              j,
              Bytes.fromHexString(s.get("ephemeral").asText()),
              Bytes.fromHexString(s.get("ciphertext").asText()))
          .ifPresent(b -> shares.put(j, b));
    }
    int t = (n - 1) / 3;
    int needed = format.name().startsWith("replicated") ? 3 : 2 * t + 1;
    if (shares.size() < needed) {
      return Optional.empty();
    }
    BigInteger[] words = OutputReconstruction.reconstruct(format, n, shares);
    JsonNode type = output.get("type");
    return Optional.of(
        type == null || type.isNull() ? words : OutputReconstruction.asType(words, type.asText()));
  }

  /**
   * Waits until {@link #open} gives the values, at most {@code timeout}: it checks again at every
   * new finalized block (a WebSocket subscription to the node's heads), not on a timer.
   */
  public BigInteger[] await(Bytes32 computation, String name, KeyPair recipient, Duration timeout)
      throws RpcClientException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SubscriptionClient ws =
            SubscriptionClient.connect(
                SubscriptionClient.webSocketUri(client.rpc().endpoint()), Duration.ofSeconds(10));
        SubscriptionQueue heads = ws.newHeads(SubscriptionClient.DEFAULT_CAPACITY)) {
      while (true) {
        Optional<BigInteger[]> values = open(computation, name, recipient);
        if (values.isPresent()) {
          return values.get();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "too few members posted their shares of " + name + " within " + timeout);
        }
        heads.next(Duration.ofNanos(left));
      }
    }
  }

  private Address contractOf(Bytes32 computation) throws RpcClientException {
    return Address.fromHex(
        client.rpc().call("zk_getComputation", computation.toHexString()).get("contract").asText());
  }
}

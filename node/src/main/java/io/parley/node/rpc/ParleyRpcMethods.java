package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.encoding.EncodingException;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.Rejection;
import io.parley.node.mempool.Mempool;
import io.parley.node.storage.TransactionLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** The node's JSON-RPC methods (docs/rpc.md; machine-readable in rpc.discover). */
public final class ParleyRpcMethods {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Blockchain chain;
  private final Mempool mempool;
  private final java.util.function.Consumer<SignedTransaction> onAccepted;
  private final String clientVersion;
  private final JsonNode openRpc;

  public ParleyRpcMethods(Blockchain chain, Mempool mempool, String clientVersion) {
    this(chain, mempool, clientVersion, tx -> {});
  }

  /** {@code onAccepted} sees every transaction a client submitted that the mempool admitted. */
  public ParleyRpcMethods(
      Blockchain chain,
      Mempool mempool,
      String clientVersion,
      java.util.function.Consumer<SignedTransaction> onAccepted) {
    this.onAccepted = onAccepted;
    this.chain = chain;
    this.mempool = mempool;
    this.clientVersion = clientVersion;
    this.openRpc = loadOpenRpc();
  }

  /** The OpenRPC document bundled with the node. */
  public static JsonNode loadOpenRpc() {
    try (InputStream in = ParleyRpcMethods.class.getResourceAsStream("/openrpc.json")) {
      if (in == null) {
        throw new IllegalStateException("openrpc.json is missing from the node's resources");
      }
      return JsonRpcProcessor.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<RpcMethod> methods() {
    return List.of(
        new RpcMethod("chain_id", List.of(), 0, p -> chainId()),
        new RpcMethod("chain_head", List.of(), 0, p -> JsonViews.header(chain.head())),
        new RpcMethod(
            "chain_getBlockByNumber", List.of("block", "fullTransactions"), 1, this::blockByNumber),
        new RpcMethod(
            "chain_getBlockByHash", List.of("hash", "fullTransactions"), 1, this::blockByHash),
        new RpcMethod("tx_send", List.of("raw"), 1, this::send),
        new RpcMethod("tx_get", List.of("hash"), 1, this::getTransaction),
        new RpcMethod("tx_getReceipt", List.of("hash"), 1, this::getReceipt),
        new RpcMethod("state_getAccount", List.of("address", "block"), 1, this::getAccount),
        new RpcMethod("state_getProof", List.of("address", "block"), 1, this::getProof),
        new RpcMethod("rpc.discover", List.of(), 0, p -> openRpc),
        new RpcMethod(
            "eth_chainId",
            List.of(),
            0,
            p -> TextNode.valueOf(JsonViews.quantity(chain.config().chainId()))),
        new RpcMethod(
            "net_version",
            List.of(),
            0,
            p -> TextNode.valueOf(Long.toString(chain.config().chainId()))),
        new RpcMethod("web3_clientVersion", List.of(), 0, p -> TextNode.valueOf(clientVersion)));
  }

  private JsonNode chainId() {
    ObjectNode n = JSON.objectNode();
    n.put("chainId", JsonViews.quantity(chain.config().chainId()));
    n.put("genesisHash", chain.blockByHeight(0).orElseThrow().hash().toHexString());
    n.put("validators", chain.config().validators().size());
    return n;
  }

  private BlockHeader resolve(Params.BlockSelector selector) throws RpcException {
    return switch (selector) {
      case Params.BlockSelector.Latest latest -> chain.head();
      case Params.BlockSelector.Number number ->
          chain
              .blockByHeight(number.height())
              .map(Block::header)
              .orElseThrow(
                  () ->
                      blockNotFound(
                          "block "
                              + number.height()
                              + " not found (head is "
                              + chain.head().height()
                              + ")"));
    };
  }

  private JsonNode blockByNumber(Params p) throws RpcException {
    BlockHeader header = resolve(p.block(0));
    boolean full = p.bool(1, false);
    Block block =
        chain
            .blockByHash(header.hash())
            .orElseThrow(() -> blockNotFound("block " + header.height() + " not found"));
    return JsonViews.block(block, chain.certificate(block.hash()), full);
  }

  private JsonNode blockByHash(Params p) throws RpcException {
    Bytes32 hash = p.hash(0);
    boolean full = p.bool(1, false);
    Block block =
        chain.blockByHash(hash).orElseThrow(() -> blockNotFound("no block with hash " + hash));
    return JsonViews.block(block, chain.certificate(hash), full);
  }

  private JsonNode send(Params p) throws RpcException {
    int max = chain.config().execution().maxTransactionSize();
    Bytes raw = p.hexBytes(0);
    if (raw.size() > max) {
      throw new RpcException(
          Rejection.Reason.OVERSIZED.code(),
          "transaction is "
              + raw.size()
              + " bytes, more than the chain's maximum of "
              + max
              + " (maxTransactionSize)");
    }
    SignedTransaction tx;
    try {
      tx = SignedTransaction.decode(raw, max);
    } catch (EncodingException e) {
      throw new RpcException(Rejection.Reason.MALFORMED.code(), e.getMessage());
    }
    if (chain.transactionLocation(tx.hash()).isPresent()) {
      throw new RpcException(
          Rejection.Reason.DUPLICATE.code(), "transaction " + tx.hash() + " is already committed");
    }
    Optional<Rejection> rejection = mempool.add(tx, chain::account);
    if (rejection.isPresent()) {
      throw new RpcException(rejection.get().reason().code(), rejection.get().message());
    }
    onAccepted.accept(tx);
    return TextNode.valueOf(tx.hash().toHexString());
  }

  private JsonNode getTransaction(Params p) throws RpcException {
    Bytes32 hash = p.hash(0);
    Optional<TransactionLocation> location = chain.transactionLocation(hash);
    if (location.isPresent()) {
      Block block = chain.blockByHash(location.get().blockHash()).orElseThrow();
      return JsonViews.transaction(block.transactions().get(location.get().index()), location);
    }
    return mempool
        .get(hash)
        .map(tx -> (JsonNode) JsonViews.transaction(tx, Optional.empty()))
        .orElseThrow(
            () ->
                new RpcException(
                    RpcErrors.TRANSACTION_NOT_FOUND, "transaction " + hash + " not found"));
  }

  private JsonNode getReceipt(Params p) throws RpcException {
    Bytes32 hash = p.hash(0);
    Optional<TransactionLocation> location = chain.transactionLocation(hash);
    if (location.isEmpty()) {
      if (mempool.get(hash).isPresent()) {
        throw new RpcException(
            RpcErrors.TRANSACTION_PENDING, "transaction " + hash + " is pending; no receipt yet");
      }
      throw new RpcException(RpcErrors.TRANSACTION_NOT_FOUND, "transaction " + hash + " not found");
    }
    return chain
        .receipt(location.get())
        .map(r -> (JsonNode) JsonViews.receipt(r, location.get()))
        .orElseThrow(
            () -> new RpcException(RpcErrors.INTERNAL_ERROR, "receipt missing for " + hash));
  }

  private JsonNode getAccount(Params p) throws RpcException {
    Address address = p.address(0);
    BlockHeader at = resolve(p.block(1));
    var account = chain.account(address, at);
    long pending = mempool.nextNonce(address, chain.account(address).nonce());
    return JsonViews.account(address, account, at, pending);
  }

  private JsonNode getProof(Params p) throws RpcException {
    Address address = p.address(0);
    BlockHeader at = resolve(p.block(1));
    return JsonViews.proof(address, chain.proof(address, at), at);
  }

  private static RpcException blockNotFound(String message) {
    return new RpcException(RpcErrors.BLOCK_NOT_FOUND, message);
  }
}

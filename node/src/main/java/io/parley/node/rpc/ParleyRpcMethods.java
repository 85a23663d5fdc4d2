package io.parley.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.encoding.EncodingException;
import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.Rejection;
import io.parley.node.mempool.Mempool;
import io.parley.node.storage.TransactionLocation;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Blocks, transactions and state of the JSON-RPC API (docs/rpc.md), and rpc.discover. */
public final class ParleyRpcMethods {
  private final Blockchain chain;
  private final Mempool mempool;
  private final Consumer<SignedTransaction> onAccepted;
  private final OpenRpcDocument openRpc;

  /** {@code onAccepted} sees every transaction a client submitted that the mempool admitted. */
  public ParleyRpcMethods(
      Blockchain chain,
      Mempool mempool,
      OpenRpcDocument openRpc,
      Consumer<SignedTransaction> onAccepted) {
    this.chain = chain;
    this.mempool = mempool;
    this.openRpc = openRpc;
    this.onAccepted = onAccepted;
  }

  public List<RpcMethod> methods() {
    return List.of(
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
        new RpcMethod(
            "state_getStorageProof", List.of("address", "key", "block"), 2, this::getStorageProof),
        new RpcMethod("rpc.discover", List.of(), 0, p -> openRpc.document()));
  }

  private JsonNode blockByNumber(Params p) throws RpcException {
    BlockHeader header = BlockResolver.resolve(chain, p.block(0));
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
      // the block with this very transaction may have committed between the two checks: then its
      // nonce is used, and the precise answer is that it is committed
      if (rejection.get().reason() == Rejection.Reason.NONCE_TOO_LOW
          && chain.transactionLocation(tx.hash()).isPresent()) {
        throw new RpcException(
            Rejection.Reason.DUPLICATE.code(),
            "transaction " + tx.hash() + " is already committed");
      }
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

  /**
   * {@code pendingNonce} counts this node's pending transactions only at the head; at an earlier
   * block nothing is pending on top of that block's state, so it equals {@code nonce}. It is never
   * below the nonce of a block committed while it is computed (ADR 0055).
   */
  private JsonNode getAccount(Params p) throws RpcException {
    Address address = p.address(0);
    Params.BlockSelector selector = p.block(1);
    BlockHeader at = BlockResolver.resolve(chain, selector);
    Account account = chain.account(address, at);
    boolean atHead =
        selector instanceof Params.BlockSelector.Latest || at.hash().equals(chain.head().hash());
    long pending = account.nonce();
    if (atHead) {
      pending = mempool.nextNonce(address, account.nonce());
      // a block committed since the read above moved the head first, then took its transactions
      // out of the mempool: without this, those nonces would look free again
      long now = chain.account(address, chain.head()).nonce();
      if (now > account.nonce()) {
        pending = Math.max(pending, mempool.nextNonce(address, now));
      }
    }
    return JsonViews.account(address, account, at, pending);
  }

  private JsonNode getProof(Params p) throws RpcException {
    Address address = p.address(0);
    BlockHeader at = BlockResolver.resolve(chain, p.block(1));
    return JsonViews.proof(address, chain.proof(address, at), at);
  }

  private JsonNode getStorageProof(Params p) throws RpcException {
    Address address = p.address(0);
    Bytes32 key = p.storageKey(1);
    BlockHeader at = BlockResolver.resolve(chain, p.block(2));
    var accountProof = chain.proof(address, at);
    Bytes32 storageRoot =
        accountProof.value().map(Account::decode).orElse(Account.EMPTY).storageRoot();
    return JsonViews.storageProof(
        address, accountProof, key, chain.storageProof(storageRoot, key), at);
  }

  private static RpcException blockNotFound(String message) {
    return new RpcException(RpcErrors.BLOCK_NOT_FOUND, message);
  }
}

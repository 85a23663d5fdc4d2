package io.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PublicKey;
import io.parley.base.state.Account;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import io.parley.sdk.verify.ChainVerifier;
import io.parley.sdk.verify.VerificationException;
import io.parley.sdk.verify.VerifiedBlock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A typed client of one Parley node's JSON-RPC API (docs/rpc.md): accounts, sending and awaiting
 * transactions with nonce and gas filled from the node, blocks whose certificate is verified
 * against the chain's validators, state and storage proofs verified against a certified state root,
 * and the committee and computation records of confidential contracts. Node errors arrive as {@link
 * RpcClientException} with the node's code and message; answers that do not verify as {@link
 * VerificationException}.
 */
public final class ParleyClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RpcClient rpc;
  private volatile Long chainId;
  private volatile ValidatorSet validators;

  public ParleyClient(RpcClient rpc) {
    this.rpc = rpc;
  }

  /** A client of the node at {@code url} ({@code http://host:port/}), 30 s per request. */
  public static ParleyClient connect(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "the RPC endpoint must be an http:// or https:// URL, got " + url);
    }
    return new ParleyClient(new RpcClient(uri, Duration.ofSeconds(30)));
  }

  public RpcClient rpc() {
    return rpc;
  }

  /** The chain id (asked once, then remembered: it never changes). */
  public long chainId() throws RpcClientException {
    if (chainId == null) {
      chainId = Long.decode(rpc.call("eth_chainId").asText());
    }
    return chainId;
  }

  /** {@code chain_getParameters}: gas price, execution and consensus limits, gas schedule. */
  public JsonNode parameters() throws RpcClientException {
    return rpc.call("chain_getParameters");
  }

  public AccountState account(Address address) throws RpcClientException {
    JsonNode a = rpc.call("state_getAccount", address.toHexString());
    return new AccountState(
        address,
        Long.decode(a.get("nonce").asText()),
        Long.decode(a.get("pendingNonce").asText()),
        UInt256.fromHexString(a.get("balance").asText()),
        Long.decode(a.get("blockNumber").asText()));
  }

  /**
   * Fills what the draft leaves unset: chain id, nonce ({@code pendingNonce} of the sender), gas
   * price (the chain's) and gas limit ({@code tx_estimateGas}; that method takes transfers, deploys
   * and calls only, so other kinds need their gas limit set, which {@code SecretInputs} does).
   */
  public TransactionTemplate complete(TransactionTemplate draft, Address sender)
      throws RpcClientException {
    TransactionTemplate d = draft;
    if (d.chainId().isEmpty()) {
      d = d.withChainId(chainId());
    }
    if (d.nonce().isEmpty()) {
      d = d.withNonce(account(sender).pendingNonce());
    }
    if (d.gasPrice().isEmpty()) {
      d = d.withGasPrice(UInt256.fromHexString(parameters().get("gasPrice").asText()));
    }
    if (d.gasLimit().isEmpty()) {
      d = d.withGasLimit(estimateGas(d, sender));
    }
    return d;
  }

  /** {@code tx_estimateGas} for a transfer, deploy or call draft whose nonce is set. */
  public long estimateGas(TransactionTemplate draft, Address sender) throws RpcClientException {
    if (draft.kind() != TransactionKind.TRANSFER
        && draft.kind() != TransactionKind.DEPLOY
        && draft.kind() != TransactionKind.CALL) {
      throw new IllegalStateException(
          "tx_estimateGas takes transfers, deploys and calls only: set the gas limit of a "
              + draft.kind()
              + " draft with withGasLimit");
    }
    long nonce = draft.nonce().orElseThrow(() -> new IllegalStateException("set the nonce first"));
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", sender.toHexString());
    tx.put("kind", draft.kind().name().toLowerCase(Locale.ROOT));
    draft.to().ifPresent(to -> tx.put("to", to.toHexString()));
    tx.put("value", "0x" + draft.value().toBigInteger().toString(16));
    tx.put("nonce", "0x" + Long.toHexString(nonce));
    Bytes payload = draft.payload().build(draft.chainId().orElse(chainId()), sender, nonce);
    tx.put("payload", payload.toHexString());
    return Long.decode(rpc.call("tx_estimateGas", tx).asText());
  }

  /** Completes the draft from the node, signs it with {@code key} and sends it. */
  public SentTransaction send(TransactionTemplate draft, KeyPair key) throws RpcClientException {
    return send(complete(draft, key.address()).sign(key));
  }

  /** Sends a signed transaction ({@code tx_send}). */
  public SentTransaction send(SignedTransaction tx) throws RpcClientException {
    Bytes32 hash = Bytes32.fromHexString(rpc.call("tx_send", tx.encoded().toHexString()).asText());
    Optional<Address> created =
        tx.transaction().kind() == TransactionKind.DEPLOY
            ? tx.sender().map(s -> Transactions.contractAddress(s, tx.transaction().nonce()))
            : Optional.empty();
    return new SentTransaction(hash, tx.transaction().nonce(), tx, created);
  }

  /** The receipt, or empty while the transaction is pending. */
  public Optional<TransactionReceipt> receipt(Bytes32 hash) throws RpcClientException {
    try {
      return Optional.of(
          TransactionReceipt.fromJson(rpc.call("tx_getReceipt", hash.toHexString())));
    } catch (RpcClientException e) {
      if (e.code() == ErrorCodes.TRANSACTION_PENDING) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Polls the receipt every 100 ms until the transaction is committed; a timeout throws {@link
   * RpcClientException} with code 0 and the hash to check later.
   */
  public TransactionReceipt awaitReceipt(Bytes32 hash, Duration timeout)
      throws RpcClientException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<TransactionReceipt> receipt = receipt(hash);
      if (receipt.isPresent()) {
        return receipt.get();
      }
      if (System.nanoTime() > deadline) {
        throw new RpcClientException(
            0, "transaction " + hash + " not committed after " + timeout + "; it may still be");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The validator set of {@code chain_getValidators} (fixed at genesis, so asked once). Each served
   * address is checked against its public key. To check a node against a genesis file, compare this
   * set with that file's validators.
   */
  public ValidatorSet validators() throws RpcClientException, VerificationException {
    if (validators == null) {
      List<Validator> list = new ArrayList<>();
      for (JsonNode v : rpc.call("chain_getValidators").get("validators")) {
        try {
          list.add(
              new Validator(
                  Address.fromHex(v.get("address").asText()),
                  PublicKey.fromHex(v.get("publicKey").asText())));
        } catch (IllegalArgumentException e) {
          throw new VerificationException("chain_getValidators: " + e.getMessage());
        }
      }
      validators = new ValidatorSet(list);
    }
    return validators;
  }

  /**
   * A block ({@code "latest"}, {@code "earliest"} or a 0x-height) whose hash is recomputed and
   * whose certificate verifies against {@link #validators()}.
   */
  public VerifiedBlock verifiedBlock(String block)
      throws RpcClientException, VerificationException {
    return ChainVerifier.block(rpc.call("chain_getBlockByNumber", block), chainId(), validators());
  }

  public VerifiedBlock verifiedBlock(long number) throws RpcClientException, VerificationException {
    return verifiedBlock("0x" + Long.toHexString(number));
  }

  /**
   * The account at {@code block}'s state, proven by {@code state_getProof} against the certified
   * state root; empty when the proof shows no account.
   */
  public Optional<Account> provenAccount(Address address, VerifiedBlock block)
      throws RpcClientException, VerificationException {
    JsonNode proof = rpc.call("state_getProof", address.toHexString(), quantity(block.number()));
    return ChainVerifier.account(proof, address, block.stateRoot());
  }

  /**
   * A contract storage entry at {@code block}'s state, proven by {@code state_getStorageProof}
   * against the certified state root; empty when absent (zero). Keys: docs/spec/language.md section
   * 9 (a variable's ABI {@code slot}).
   */
  public Optional<Bytes> provenStorage(Address contract, Bytes32 key, VerifiedBlock block)
      throws RpcClientException, VerificationException {
    JsonNode proof =
        rpc.call(
            "state_getStorageProof",
            contract.toHexString(),
            key.toHexString(),
            quantity(block.number()));
    return ChainVerifier.storage(proof, contract, key, block.stateRoot());
  }

  /** The committee a contract's secret inputs are sealed for, its hash recomputed. */
  public CommitteeView committee(Address contract) throws RpcClientException {
    return CommitteeView.fetch(rpc, contract);
  }

  /** The committee seated at block {@code height} (seats change hands, ADR 0056). */
  public CommitteeView committee(Address contract, long height) throws RpcClientException {
    return CommitteeView.fetch(rpc, contract, quantity(height));
  }

  /** {@code zk_getComputation}: a confidential computation as the chain records it. */
  public ComputationRecord computation(Bytes32 id) throws RpcClientException {
    return ComputationRecord.fromJson(rpc.call("zk_getComputation", id.toHexString()));
  }

  static String quantity(long n) {
    return "0x" + Long.toHexString(n);
  }
}

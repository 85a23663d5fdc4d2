package io.parley.node.mpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Event;
import io.parley.base.block.Receipt;
import io.parley.base.block.ValidatorSet;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.types.Address;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Committed blocks read from one validator's RPC and checked against genesis alone, so an MPC node
 * never takes a validator's word: the commit certificate (a quorum of the genesis validators'
 * signatures over this height and block hash), the header hash, and the transactions and receipts
 * against the roots the header commits to (docs/spec/certificates.md, blocks.md).
 */
public final class VerifiedBlocks {
  /** A committed block, its transactions and their receipts, all verified. */
  public record VerifiedBlock(
      BlockHeader header, List<SignedTransaction> transactions, List<Receipt> receipts) {}

  /** A validator's answer that does not check out. */
  public static final class Untrusted extends Exception {
    Untrusted(String message) {
      super(message);
    }
  }

  private final RpcClient client;
  private final long chainId;
  private final ValidatorSet validators;
  private final int maxTransactionSize;
  private volatile long lastHead = -1;

  /** The blocks verified last, by height (a few: a batch's computations start in recent blocks). */
  private final java.util.Map<Long, VerifiedBlock> recent =
      new java.util.LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, VerifiedBlock> eldest) {
          return size() > 32;
        }
      };

  public VerifiedBlocks(
      RpcClient client, long chainId, ValidatorSet validators, int maxTransactionSize) {
    this.client = client;
    this.chainId = chainId;
    this.validators = validators;
    this.maxTransactionSize = maxTransactionSize;
  }

  /** The height of the validator's latest committed block. */
  public long head() throws RpcClientException {
    long head = Long.decode(client.call("chain_head").get("number").asText());
    lastHead = head;
    return head;
  }

  /** The head the validator reported at the last {@link #head()}; -1 before any answer. */
  public long lastHead() {
    return lastHead;
  }

  /**
   * Block {@code height}, verified; empty if the validator does not have it yet. The last blocks
   * verified are kept (a committed block never changes): reading the block of each computation it
   * starts costs no second round of RPC calls (one per transaction, for the receipts).
   */
  public Optional<VerifiedBlock> fetch(long height) throws RpcClientException, Untrusted {
    synchronized (recent) {
      VerifiedBlock known = recent.get(height);
      if (known != null) {
        return Optional.of(known);
      }
    }
    Optional<VerifiedBlock> fetched = verify(height);
    if (fetched.isPresent()) {
      synchronized (recent) {
        recent.put(height, fetched.get());
      }
    }
    return fetched;
  }

  private Optional<VerifiedBlock> verify(long height) throws RpcClientException, Untrusted {
    JsonNode b;
    try {
      b = client.call("chain_getBlockByNumber", "0x" + Long.toHexString(height), true);
    } catch (RpcClientException e) {
      if (e.code() == 4040) {
        return Optional.empty();
      }
      throw e;
    }
    BlockHeader header =
        new BlockHeader(
            Long.decode(b.get("number").asText()),
            Bytes32.fromHexString(b.get("parentHash").asText()),
            Long.decode(b.get("timestamp").asText()),
            Address.fromHex(b.get("proposer").asText()),
            Bytes32.fromHexString(b.get("transactionsRoot").asText()),
            Bytes32.fromHexString(b.get("stateRoot").asText()),
            Bytes32.fromHexString(b.get("receiptsRoot").asText()),
            Long.decode(b.get("gasUsed").asText()),
            Bytes.fromHexString(b.get("consensusData").asText()));
    if (header.height() != height) {
      throw new Untrusted("asked for block " + height + ", got " + header.height());
    }
    if (b.get("certificate").isNull()) {
      throw new Untrusted("block " + height + " comes without a commit certificate");
    }
    CommitCertificate certificate;
    try {
      certificate =
          CommitCertificate.decode(
              Bytes.fromHexString(b.get("certificate").get("encoded").asText()));
    } catch (RuntimeException e) {
      throw new Untrusted("block " + height + ": certificate does not decode: " + e.getMessage());
    }
    Optional<String> invalid = certificate.verify(chainId, validators);
    if (invalid.isPresent()) {
      throw new Untrusted("block " + height + ": certificate invalid: " + invalid.get());
    }
    if (certificate.height() != height || !certificate.blockHash().equals(header.hash())) {
      throw new Untrusted("block " + height + ": the certificate is for another block");
    }
    List<SignedTransaction> txs = new ArrayList<>();
    for (JsonNode t : b.get("transactions")) {
      txs.add(
          SignedTransaction.decode(Bytes.fromHexString(t.get("raw").asText()), maxTransactionSize));
    }
    if (!Block.transactionsRoot(txs).equals(header.transactionsRoot())) {
      throw new Untrusted("block " + height + ": transactions do not match transactionsRoot");
    }
    List<Receipt> receipts = new ArrayList<>();
    for (SignedTransaction tx : txs) {
      receipts.add(receipt(tx.hash(), client.call("tx_getReceipt", tx.hash().toHexString())));
    }
    if (!Receipt.receiptsRoot(receipts).equals(header.receiptsRoot())) {
      throw new Untrusted("block " + height + ": receipts do not match receiptsRoot");
    }
    return Optional.of(new VerifiedBlock(header, txs, receipts));
  }

  private static Receipt receipt(Bytes32 hash, JsonNode r) {
    long gas = Long.decode(r.get("gasUsed").asText());
    if (!r.get("status").asText().equals("0x1")) {
      return Receipt.failure(hash, gas, r.get("failureReason").asText());
    }
    List<Event> events = new ArrayList<>();
    for (JsonNode e : r.get("events")) {
      List<Bytes32> topics = new ArrayList<>();
      e.get("topics").forEach(t -> topics.add(Bytes32.fromHexString(t.asText())));
      events.add(
          new Event(
              Address.fromHex(e.get("source").asText()),
              topics,
              Bytes.fromHexString(e.get("data").asText())));
    }
    return Receipt.success(hash, gas, events);
  }
}

package io.parley.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.Event;
import io.parley.base.block.Receipt;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.state.Account;
import io.parley.base.trie.MerkleProof;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.GasSchedule;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisConfig;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.storage.TransactionLocation;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * JSON shapes of chain objects (documented in the OpenRPC document): numbers are hex quantities
 * ("0x0", "0x1a"), byte strings 0x-prefixed hex, as Ethereum tools expect.
 */
final class JsonViews {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonViews() {}

  static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  static String quantity(UInt256 value) {
    return "0x" + value.toBigInteger().toString(16);
  }

  static ObjectNode header(BlockHeader h) {
    ObjectNode n = JSON.objectNode();
    n.put("number", quantity(h.height()));
    n.put("hash", h.hash().toHexString());
    n.put("parentHash", h.parentHash().toHexString());
    n.put("timestamp", quantity(h.timestamp()));
    n.put("proposer", h.proposer().toHexString());
    n.put("transactionsRoot", h.transactionsRoot().toHexString());
    n.put("stateRoot", h.stateRoot().toHexString());
    n.put("receiptsRoot", h.receiptsRoot().toHexString());
    n.put("gasUsed", quantity(h.gasUsed()));
    n.put("consensusData", h.consensusData().toHexString());
    return n;
  }

  static ObjectNode block(
      Block block, Optional<CommitCertificate> certificate, boolean fullTransactions) {
    ObjectNode n = header(block.header());
    n.put("size", quantity(block.encode().size()));
    n.put("transactionCount", quantity(block.transactions().size()));
    ArrayNode txs = n.putArray("transactions");
    for (int i = 0; i < block.transactions().size(); i++) {
      SignedTransaction tx = block.transactions().get(i);
      if (fullTransactions) {
        txs.add(
            transaction(tx, Optional.of(new TransactionLocation(block.hash(), block.height(), i))));
      } else {
        txs.add(tx.hash().toHexString());
      }
    }
    n.set(
        "certificate",
        certificate
            .<com.fasterxml.jackson.databind.JsonNode>map(JsonViews::certificate)
            .orElse(JSON.nullNode()));
    return n;
  }

  static ObjectNode certificate(CommitCertificate c) {
    ObjectNode n = JSON.objectNode();
    n.put("height", quantity(c.height()));
    n.put("round", quantity(c.round()));
    n.put("blockHash", c.blockHash().toHexString());
    ArrayNode votes = n.putArray("votes");
    for (CommitCertificate.CommitVote v : c.votes()) {
      ObjectNode vote = votes.addObject();
      vote.put("validatorIndex", v.validatorIndex());
      vote.put("signature", v.signature().toBytes().toHexString());
    }
    n.put("encoded", c.encode().toHexString());
    return n;
  }

  static ObjectNode transaction(SignedTransaction signed, Optional<TransactionLocation> location) {
    Transaction tx = signed.transaction();
    ObjectNode n = JSON.objectNode();
    n.put("hash", signed.hash().toHexString());
    n.put("status", location.isPresent() ? "committed" : "pending");
    n.put("from", signed.sender().map(Address::toHexString).orElse(null));
    n.put("chainId", quantity(tx.chainId()));
    n.put("nonce", quantity(tx.nonce()));
    n.put("kind", tx.kind().name().toLowerCase(Locale.ROOT));
    n.put("gasPrice", quantity(tx.gasPrice()));
    n.put("gasLimit", quantity(tx.gasLimit()));
    n.put("to", tx.to().map(Address::toHexString).orElse(null));
    n.put("value", quantity(tx.value()));
    n.put("payload", tx.payload().toHexString());
    n.put("v", quantity(signed.signature().recoveryId()));
    n.put("r", signed.signature().r().toHexString());
    n.put("s", signed.signature().s().toHexString());
    n.put("raw", signed.encoded().toHexString());
    location.ifPresentOrElse(
        loc -> {
          n.put("blockHash", loc.blockHash().toHexString());
          n.put("blockNumber", quantity(loc.height()));
          n.put("transactionIndex", quantity(loc.index()));
        },
        () -> {
          n.putNull("blockHash");
          n.putNull("blockNumber");
          n.putNull("transactionIndex");
        });
    return n;
  }

  static ObjectNode receipt(Receipt r, TransactionLocation location) {
    ObjectNode n = JSON.objectNode();
    n.put("transactionHash", r.transactionHash().toHexString());
    n.put("blockHash", location.blockHash().toHexString());
    n.put("blockNumber", quantity(location.height()));
    n.put("transactionIndex", quantity(location.index()));
    n.put("status", r.success() ? "0x1" : "0x0");
    n.put("gasUsed", quantity(r.gasUsed()));
    ArrayNode events = n.putArray("events");
    for (Event e : r.events()) {
      ObjectNode event = events.addObject();
      event.put("source", e.source().toHexString());
      ArrayNode topics = event.putArray("topics");
      e.topics().forEach(t -> topics.add(t.toHexString()));
      event.put("data", e.data().toHexString());
    }
    n.put("failureReason", r.failureReason().orElse(null));
    return n;
  }

  /**
   * An event of an "events" subscription: the event as in a receipt, where it was emitted, and its
   * position in that receipt's {@code events}.
   */
  static ObjectNode contractEvent(Event e, TransactionLocation location, Bytes32 txHash, int i) {
    ObjectNode n = JSON.objectNode();
    n.put("source", e.source().toHexString());
    ArrayNode topics = n.putArray("topics");
    e.topics().forEach(t -> topics.add(t.toHexString()));
    n.put("data", e.data().toHexString());
    n.put("blockNumber", quantity(location.height()));
    n.put("blockHash", location.blockHash().toHexString());
    n.put("transactionHash", txHash.toHexString());
    n.put("transactionIndex", quantity(location.index()));
    n.put("eventIndex", quantity(i));
    return n;
  }

  /** A "transaction" subscription's status; {@code receipt} only once it is committed. */
  static ObjectNode transactionStatus(Bytes32 hash, String status, Optional<ObjectNode> receipt) {
    ObjectNode n = JSON.objectNode();
    n.put("hash", hash.toHexString());
    n.put("status", status);
    n.set("receipt", receipt.isPresent() ? receipt.get() : JSON.nullNode());
    return n;
  }

  /**
   * A "computation" subscription's notification: the record's status as of block {@code height}
   * (public facts only: the registry holds no secret).
   */
  static ObjectNode computationStatus(ComputationRegistry.Record r, long height) {
    ObjectNode n = JSON.objectNode();
    n.put("id", r.id().toHexString());
    n.put("contract", r.contract().toHexString());
    n.put("function", r.function());
    n.put("status", ZkRpcMethods.status(r));
    n.put("attempt", quantity(r.attempt()));
    n.put("blockNumber", quantity(height));
    n.put("startBlockNumber", quantity(r.blockNumber()));
    n.put("votes", quantity(r.votes().size()));
    if (r.status() == ComputationRegistry.Status.QUEUED) {
      n.putNull("result");
    } else {
      n.put("result", r.result().toHexString());
    }
    if (r.callbackFailure().isEmpty()) {
      n.putNull("callbackFailure");
    } else {
      n.put("callbackFailure", r.callbackFailure());
    }
    return n;
  }

  static ObjectNode account(Address address, Account account, BlockHeader at, long pendingNonce) {
    ObjectNode n = JSON.objectNode();
    n.put("address", address.toHexString());
    n.put("nonce", quantity(account.nonce()));
    n.put("pendingNonce", quantity(pendingNonce));
    n.put("balance", quantity(account.balance()));
    n.put("codeHash", account.codeHash().toHexString());
    n.put("storageRoot", account.storageRoot().toHexString());
    n.put("blockNumber", quantity(at.height()));
    n.put("blockHash", at.hash().toHexString());
    n.put("stateRoot", at.stateRoot().toHexString());
    return n;
  }

  static ObjectNode proof(Address address, MerkleProof proof, BlockHeader at) {
    ObjectNode n = JSON.objectNode();
    n.put("address", address.toHexString());
    n.put("key", proof.key().toHexString());
    blockFields(n, at);
    proofPath(n, proof);
    proof
        .value()
        .map(Account::decode)
        .ifPresentOrElse(
            a -> {
              ObjectNode acc = n.putObject("account");
              acc.put("nonce", quantity(a.nonce()));
              acc.put("balance", quantity(a.balance()));
              acc.put("codeHash", a.codeHash().toHexString());
              acc.put("storageRoot", a.storageRoot().toHexString());
            },
            () -> n.putNull("account"));
    return n;
  }

  /** A storage proof: the account's proof, then the storage entry's proof against its root. */
  static ObjectNode storageProof(
      Address address,
      MerkleProof accountProof,
      Bytes32 key,
      MerkleProof storageProof,
      BlockHeader at) {
    ObjectNode n = JSON.objectNode();
    n.put("address", address.toHexString());
    n.put("key", key.toHexString());
    blockFields(n, at);
    n.set("accountProof", proof(address, accountProof, at));
    Account account = accountProof.value().map(Account::decode).orElse(Account.EMPTY);
    n.put("storageRoot", account.storageRoot().toHexString());
    proofPath(n, storageProof);
    n.put("value", storageProof.value().map(Bytes::toHexString).orElse(null));
    return n;
  }

  private static void blockFields(ObjectNode n, BlockHeader at) {
    n.put("blockNumber", quantity(at.height()));
    n.put("blockHash", at.hash().toHexString());
    n.put("stateRoot", at.stateRoot().toHexString());
  }

  private static void proofPath(ObjectNode n, MerkleProof proof) {
    n.put("leafKey", proof.leafKey().map(Bytes::toHexString).orElse(null));
    n.put("leafValue", proof.leafValue().map(Bytes::toHexString).orElse(null));
    ArrayNode siblings = n.putArray("siblings");
    proof.siblings().forEach(s -> siblings.add(s.toHexString()));
  }

  /** The validator set in effect at a block: keys in genesis order, one vote each. */
  static ObjectNode validators(ValidatorSet set, BlockHeader at) {
    ObjectNode n = JSON.objectNode();
    n.put("blockNumber", quantity(at.height()));
    n.put("blockHash", at.hash().toHexString());
    ArrayNode list = n.putArray("validators");
    for (Validator v : set.validators()) {
      ObjectNode entry = list.addObject();
      entry.put("address", v.address().toHexString());
      entry.put("publicKey", v.publicKey().bytes().toHexString());
      entry.put("votingPower", quantity(1));
    }
    n.put("totalVotingPower", quantity(set.size()));
    n.put("quorum", quantity(set.quorum()));
    n.put("maxFaulty", quantity(set.maxFaulty()));
    return n;
  }

  /** Fee and size parameters fixed at genesis, and the contract gas schedule. */
  static ObjectNode parameters(GenesisConfig config, GasSchedule gas, long queryGasLimit) {
    ExecutionParameters e = config.execution();
    ConsensusParameters c = config.consensus();
    ObjectNode n = JSON.objectNode();
    n.put("chainId", quantity(config.chainId()));
    n.put("gasPrice", quantity(e.minGasPrice()));
    ObjectNode execution = n.putObject("execution");
    execution.put("minGasPrice", quantity(e.minGasPrice()));
    execution.put("transactionBaseGas", quantity(e.transactionBaseGas()));
    execution.put("payloadByteGas", quantity(e.payloadByteGas()));
    execution.put("maxTransactionSize", quantity(e.maxTransactionSize()));
    ObjectNode consensus = n.putObject("consensus");
    consensus.put("blockPeriodMillis", quantity(c.blockPeriodMillis()));
    consensus.put("emptyBlockIntervalMillis", quantity(c.emptyBlockIntervalMillis()));
    consensus.put("roundTimeoutMillis", quantity(c.roundTimeoutMillis()));
    consensus.put("maxBlockTransactions", quantity(c.maxBlockTransactions()));
    consensus.put("maxBlockGas", quantity(c.maxBlockGas()));
    ObjectNode schedule = n.putObject("gasSchedule");
    schedule.put("instruction", quantity(gas.instruction()));
    schedule.put("storageRead", quantity(gas.storageRead()));
    schedule.put("storageWrite", quantity(gas.storageWrite()));
    schedule.put("storagePerWord", quantity(gas.storagePerWord()));
    schedule.put("mapKey", quantity(gas.mapKey()));
    schedule.put("keccak", quantity(gas.keccak()));
    schedule.put("keccakPerWord", quantity(gas.keccakPerWord()));
    schedule.put("event", quantity(gas.event()));
    schedule.put("eventPerByte", quantity(gas.eventPerByte()));
    schedule.put("balance", quantity(gas.balance()));
    schedule.put("transfer", quantity(gas.transfer()));
    schedule.put("wideOperation", quantity(gas.wideOperation()));
    schedule.put("context", quantity(gas.context()));
    schedule.put("deployPerByte", quantity(gas.deployPerByte()));
    schedule.put("hostCall", quantity(gas.hostCall()));
    schedule.put("memoryPage", quantity(gas.memoryPage()));
    schedule.put("memoryPerWord", quantity(gas.memoryPerWord()));
    schedule.put("deploy", quantity(gas.deploy()));
    schedule.put("call", quantity(gas.call()));
    n.put("queryGasLimit", quantity(queryGasLimit));
    return n;
  }
}

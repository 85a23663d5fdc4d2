package io.parley.consensus.simulation;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A test chain with real keys, real signed transactions and real blocks. Execution is a
 * deterministic stand-in: stateRoot = keccak256(parent stateRoot || transactionsRoot), which a
 * validator recomputes to validate a proposal.
 */
public final class TestChain {
  public static final long CHAIN_ID = 7_001;
  public static final int MAX_TRANSACTION_SIZE = 4_096;
  private static final Map<Integer, TestChain> CHAINS = new ConcurrentHashMap<>();
  private static final List<SignedTransaction> TRANSACTIONS = transactions(32);

  public final List<KeyPair> keys;
  public final ValidatorSet validators;
  public final BlockHeader genesis;

  private TestChain(int n) {
    List<KeyPair> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pairs.add(KeyPair.of(PrivateKey.of(Hashing.keccak256(ascii("parley-sim-validator-" + i)))));
    }
    keys = List.copyOf(pairs);
    validators = new ValidatorSet(keys.stream().map(k -> Validator.of(k.publicKey())).toList());
    genesis =
        new BlockHeader(
            0,
            Bytes32.ZERO,
            0,
            Address.ZERO,
            Bytes32.ZERO,
            Hashing.keccak256(ascii("parley-sim-genesis")),
            Bytes32.ZERO,
            0,
            Bytes.EMPTY);
  }

  public static TestChain of(int validators) {
    return CHAINS.computeIfAbsent(validators, TestChain::new);
  }

  public static Bytes32 stateAfter(Bytes32 parentState, Bytes32 transactionsRoot) {
    return Hashing.keccak256(parentState, transactionsRoot);
  }

  /** A block on {@code parent}, with one transaction picked by {@code pick}, executed correctly. */
  public static Block block(
      BlockHeader parent, Address proposer, long timestamp, int pick, Bytes consensusData) {
    List<SignedTransaction> txs =
        List.of(TRANSACTIONS.get(Math.floorMod(pick, TRANSACTIONS.size())));
    Bytes32 txRoot = Block.transactionsRoot(txs);
    BlockHeader header =
        new BlockHeader(
            parent.height() + 1,
            parent.hash(),
            timestamp,
            proposer,
            txRoot,
            stateAfter(parent.stateRoot(), txRoot),
            Bytes32.ZERO,
            21_000,
            consensusData);
    return new Block(header, txs);
  }

  /**
   * The same block with another timestamp, built by {@code proposer}, and, if {@code corrupt}, a
   * wrong state root.
   */
  static Block variant(Block block, boolean corrupt, Address proposer, Bytes consensusData) {
    BlockHeader h = block.header();
    BlockHeader header =
        new BlockHeader(
            h.height(),
            h.parentHash(),
            h.timestamp() + 1,
            proposer,
            h.transactionsRoot(),
            corrupt ? Hashing.keccak256(h.stateRoot()) : h.stateRoot(),
            h.receiptsRoot(),
            h.gasUsed(),
            consensusData);
    return new Block(header, block.transactions());
  }

  /** Does {@code block} execute, on {@code parent}, to the state its header claims? */
  public static boolean executes(BlockHeader parent, Block block) {
    return block.header().parentHash().equals(parent.hash())
        && block
            .header()
            .stateRoot()
            .equals(stateAfter(parent.stateRoot(), block.header().transactionsRoot()));
  }

  private static List<SignedTransaction> transactions(int count) {
    KeyPair sender = KeyPair.of(PrivateKey.of(Hashing.keccak256(ascii("parley-sim-sender"))));
    List<SignedTransaction> out = new ArrayList<>();
    for (int nonce = 0; nonce < count; nonce++) {
      Transaction tx =
          Transaction.transfer(
              CHAIN_ID, nonce, Address.ZERO, UInt256.valueOf(1), UInt256.valueOf(1), 21_000);
      out.add(tx.sign(sender));
    }
    return List.copyOf(out);
  }

  private static Bytes ascii(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }
}

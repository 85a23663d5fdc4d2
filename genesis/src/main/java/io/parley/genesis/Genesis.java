package io.parley.genesis;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.MerkleRoot;
import io.parley.base.state.Account;
import io.parley.base.state.AccountTree;
import io.parley.base.trie.InMemoryNodeStore;
import io.parley.base.trie.SparseMerkleTree;
import io.parley.base.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A parsed genesis with its state and block 0. The genesis block has height 0, a zero parent hash,
 * the genesis timestamp, the zero address as proposer, empty transaction and receipt roots, the
 * allocations' state root, and {@code consensusData} = {@link GenesisConfig#configHash()}. Its hash
 * is the chain's genesis hash.
 */
public record Genesis(GenesisConfig config, Block block, Map<Bytes32, Bytes> stateNodes) {

  public static Genesis of(GenesisConfig config) {
    Map<Address, Account> accounts = new HashMap<>();
    config.alloc().forEach(a -> accounts.put(a.address(), Account.ofBalance(a.balance())));
    SparseMerkleTree.Update state =
        new AccountTree(new InMemoryNodeStore()).update(SparseMerkleTree.EMPTY_ROOT, accounts);
    BlockHeader header =
        new BlockHeader(
            0,
            Bytes32.ZERO,
            config.timestamp(),
            Address.ZERO,
            MerkleRoot.EMPTY,
            state.root(),
            MerkleRoot.EMPTY,
            0,
            config.configHash());
    return new Genesis(config, new Block(header, List.of()), Map.copyOf(state.newNodes()));
  }

  public static Genesis load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new GenesisException("cannot read genesis file " + file + ": " + e.getMessage(), e);
    }
    try {
      return of(GenesisJson.parse(json));
    } catch (GenesisException e) {
      throw new GenesisException(file + ": " + e.getMessage(), e);
    }
  }

  public Bytes32 hash() {
    return block.hash();
  }
}

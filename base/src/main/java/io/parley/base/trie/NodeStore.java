package io.parley.base.trie;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Content-addressed storage of tree nodes: node hash to node encoding. */
@FunctionalInterface
public interface NodeStore {
  Optional<Bytes> get(Bytes32 hash);
}

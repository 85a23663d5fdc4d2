package io.parley.base.trie;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** A node store in memory, for genesis computation, tests and tools. */
public final class InMemoryNodeStore implements NodeStore {
  private final Map<Bytes32, Bytes> nodes = new ConcurrentHashMap<>();

  @Override
  public Optional<Bytes> get(Bytes32 hash) {
    return Optional.ofNullable(nodes.get(hash));
  }

  public void putAll(Map<Bytes32, Bytes> newNodes) {
    nodes.putAll(newNodes);
  }

  public int size() {
    return nodes.size();
  }
}

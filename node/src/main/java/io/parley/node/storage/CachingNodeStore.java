package io.parley.node.storage;

import io.parley.base.trie.NodeStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A bounded LRU cache in front of a node store. Nodes are content-addressed and never change, so a
 * cached node is never stale; newly committed nodes are added with {@link #putAll}.
 */
public final class CachingNodeStore implements NodeStore {
  private final NodeStore backing;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<Bytes32, Bytes> cache;

  public CachingNodeStore(NodeStore backing, int maxEntries) {
    this.backing = backing;
    this.cache =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Bytes32, Bytes> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @Override
  public Optional<Bytes> get(Bytes32 hash) {
    lock.lock();
    try {
      Bytes cached = cache.get(hash);
      if (cached != null) {
        return Optional.of(cached);
      }
    } finally {
      lock.unlock();
    }
    Optional<Bytes> loaded = backing.get(hash);
    loaded.ifPresent(
        value -> {
          lock.lock();
          try {
            cache.put(hash, value);
          } finally {
            lock.unlock();
          }
        });
    return loaded;
  }

  public void putAll(Map<Bytes32, Bytes> nodes) {
    lock.lock();
    try {
      cache.putAll(nodes);
    } finally {
      lock.unlock();
    }
  }
}

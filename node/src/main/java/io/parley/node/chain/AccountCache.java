package io.parley.node.chain;

import io.parley.base.state.Account;
import io.parley.base.types.Address;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Decoded accounts at the head state, so that mempool admission and block building do not walk the
 * tree for every transaction. Consistency: a commit applies the accounts its block changed under
 * the lock, together with the new head height; a reader that loaded an account from the tree
 * inserts it only if the head has not moved since it read, so a stale value never enters.
 */
final class AccountCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<Address, Account> cache;
  private long height;

  AccountCache(int maxEntries, long headHeight) {
    this.height = headHeight;
    this.cache =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Address, Account> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The account at the head; {@code loader} reads it from the tree at {@code readHeight}. */
  Account get(Address address, long readHeight, Function<Address, Account> loader) {
    lock.lock();
    try {
      if (readHeight == height) {
        Account cached = cache.get(address);
        if (cached != null) {
          return cached;
        }
      }
    } finally {
      lock.unlock();
    }
    Account loaded = loader.apply(address);
    lock.lock();
    try {
      if (readHeight == height) {
        cache.putIfAbsent(address, loaded);
      }
    } finally {
      lock.unlock();
    }
    return loaded;
  }

  /** Moves to a new head: the given accounts are its new values. */
  void advance(long newHeight, Map<Address, Account> changed) {
    lock.lock();
    try {
      height = newHeight;
      cache.putAll(changed);
    } finally {
      lock.unlock();
    }
  }
}

package io.parley.node.storage;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Syncs the database's write-ahead log behind block commits, which write without a sync
 * (docs/adr/0049-blocks-synced-behind-the-head.md). A commit is visible to reads, and survives a
 * crash of the process, as soon as its write returns; it survives a crash of the machine once this
 * thread's next sync completes, about one disk sync later. Commits that arrive while a sync runs
 * share the next one (group commit), so the lag never grows past two syncs whatever the block rate.
 *
 * <p>A failed sync is kept and thrown by the next {@link #checkHealthy}: the node stops rather than
 * keep committing blocks it cannot make durable.
 */
final class WalSyncer implements AutoCloseable {
  private final RocksDB db;
  private final Thread thread;
  private final Object lock = new Object();
  private long requested;
  private long synced;
  private RocksDBException failure;
  private boolean closed;

  WalSyncer(RocksDB db) {
    this.db = db;
    this.thread = Thread.ofPlatform().daemon().name("wal-sync").start(this::run);
  }

  /** A write that needs syncing has returned. */
  void written() {
    synchronized (lock) {
      requested++;
      lock.notifyAll();
    }
  }

  /** Throws the failure of an earlier sync, if one failed. */
  void checkHealthy() throws RocksDBException {
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Waits until every write reported so far is synced (or a sync failed). */
  void awaitSynced() throws RocksDBException, InterruptedException {
    synchronized (lock) {
      long target = requested;
      while (synced < target && failure == null) {
        lock.wait();
      }
      checkHealthy();
    }
  }

  private void run() {
    while (true) {
      long target;
      synchronized (lock) {
        while (!closed && synced >= requested) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (synced >= requested) {
          return;
        }
        target = requested;
      }
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        synchronized (lock) {
          failure = e;
          lock.notifyAll();
        }
        return;
      }
      synchronized (lock) {
        synced = target;
        lock.notifyAll();
      }
    }
  }

  /** Syncs what is pending, then stops the thread; the database stays open. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

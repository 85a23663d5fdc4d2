package io.parley.node.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.block.Event;
import io.parley.base.block.Receipt;
import io.parley.base.tx.SignedTransaction;
import io.parley.node.chain.Blockchain;
import io.parley.node.chain.ComputationStatuses;
import io.parley.node.execution.ComputationRegistry;
import io.parley.node.mempool.Mempool;
import io.parley.node.storage.TransactionLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket connections of the RPC port and the fan-out of committed blocks to their
 * subscriptions. The commit path only offers each committed block to a bounded queue and never
 * waits; one thread ("rpc-subscriptions") takes blocks in height order, renders each header, event
 * and transaction status once, and queues notifications on the connections, whose own bounds
 * protect the node from clients that do not read. A block the full queue refused is read back from
 * the chain, so no subscriber misses a height.
 */
public final class Subscriptions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
  static final int QUEUED_BLOCKS = 64;

  private final Blockchain chain;
  private final Mempool mempool;
  private final WebSocketLimits limits;
  private final BlockingQueue<Committed> committed;
  private final Set<WebSocketConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger slots = new AtomicInteger();
  private final AtomicLong slowConsumers = new AtomicLong();
  private final AtomicLong largestPending = new AtomicLong();
  private final Thread thread;
  private long published;
  // Fan-out thread only: computation statuses, while some subscription follows a contract's.
  private Optional<ComputationStatuses> contractComputations = Optional.empty();

  /** Counters for operators and tests. */
  public record Stats(
      int connections, int subscriptions, long slowConsumersClosed, long largestPendingBytes) {}

  public Subscriptions(Blockchain chain, Mempool mempool, WebSocketLimits limits) {
    this(chain, mempool, limits, QUEUED_BLOCKS);
  }

  Subscriptions(Blockchain chain, Mempool mempool, WebSocketLimits limits, int queuedBlocks) {
    this.chain = chain;
    this.mempool = mempool;
    this.limits = limits;
    this.committed = new ArrayBlockingQueue<>(queuedBlocks);
    this.thread = new Thread(this::run, "rpc-subscriptions");
    thread.setDaemon(true);
  }

  /** Starts publishing the blocks committed after the current head. */
  public void start() {
    publishAfter(chain.head().height());
    thread.start();
  }

  /** The next block to publish is {@code height + 1}. */
  void publishAfter(long height) {
    published = height;
  }

  /** A committed block and its receipts: what the fan-out needs, without the state changes. */
  private record Committed(Block block, List<Receipt> receipts) {}

  /** Called by the chain on the consensus thread for each commit: never blocks. */
  public void blockCommitted(Blockchain.CommittedBlock block) {
    committed.offer(new Committed(block.block(), block.result().receipts()));
  }

  public Stats stats() {
    int subscriptions = 0;
    for (WebSocketConnection c : connections) {
      subscriptions += c.subscriptionCount();
    }
    return new Stats(connections.size(), subscriptions, slowConsumers.get(), largestPending.get());
  }

  WebSocketLimits limits() {
    return limits;
  }

  /** Takes a connection slot; false when {@link WebSocketLimits#maxConnections()} are open. */
  boolean tryOpen() {
    while (true) {
      int open = slots.get();
      if (open >= limits.maxConnections()) {
        return false;
      }
      if (slots.compareAndSet(open, open + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryOpen}, once the connection is gone. */
  void released() {
    slots.decrementAndGet();
  }

  void register(WebSocketConnection connection) {
    connections.add(connection);
  }

  void unregister(WebSocketConnection connection) {
    connections.remove(connection);
  }

  void slowConsumer() {
    slowConsumers.incrementAndGet();
  }

  void pendingBytes(long bytes) {
    largestPending.accumulateAndGet(bytes, Math::max);
  }

  /** Closes every connection with 1001: the node is stopping. */
  public void disconnectAll() {
    for (WebSocketConnection c : List.copyOf(connections)) {
      c.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "node shutting down");
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Notifies a new {@code transaction} subscription of the transaction's current status: the
   * mempool is read before the chain, since a commit stores the block before it empties the
   * mempool. False if the node knows no such transaction.
   */
  boolean notifyCurrentStatus(Subscription subscription, Bytes32 hash) {
    if (mempool.get(hash).isPresent()) {
      subscription.advance(
          Subscription.TransactionState.PENDING,
          () -> status(hash, Subscription.TransactionState.PENDING, Optional.empty()));
      return true;
    }
    Optional<TransactionLocation> location = chain.transactionLocation(hash);
    if (location.isPresent()) {
      Receipt receipt = chain.receipt(location.get()).orElseThrow();
      subscription.advance(
          Subscription.TransactionState.COMMITTED,
          () -> status(hash, Subscription.TransactionState.COMMITTED, receipt, location.get()));
      return true;
    }
    return subscription.state() != Subscription.TransactionState.UNKNOWN;
  }

  private void run() {
    while (true) {
      try {
        step(committed.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The fan-out thread's work for one queued block, on the caller's thread; false if none. */
  boolean publishNext() {
    Committed next = committed.poll();
    if (next == null) {
      return false;
    }
    step(next);
    return true;
  }

  /** Publishes {@code next}, after any block the full queue refused, then up to the head. */
  private void step(Committed next) {
    try {
      long height = next.block().height();
      if (height > published) {
        catchUpTo(height - 1);
        publishSafely(next.block(), next.receipts());
      }
      if (committed.isEmpty()) {
        catchUpTo(chain.head().height());
      }
    } catch (RuntimeException e) {
      LOG.error("Reading committed blocks for subscribers failed; retrying at the next", e);
    }
  }

  /** Publishes the blocks up to {@code height} that the full queue refused, from the chain. */
  private void catchUpTo(long height) {
    while (published < height) {
      Block block = chain.blockByHeight(published + 1).orElseThrow();
      List<Receipt> receipts = new ArrayList<>();
      for (int i = 0; i < block.transactions().size(); i++) {
        receipts.add(
            chain.receipt(new TransactionLocation(block.hash(), block.height(), i)).orElseThrow());
      }
      publishSafely(block, receipts);
    }
  }

  private void publishSafely(Block block, List<Receipt> receipts) {
    published = block.height();
    try {
      publish(block, receipts);
    } catch (RuntimeException e) {
      LOG.error("Publishing block {} to subscribers failed", block.height(), e);
    }
  }

  private void publish(Block block, List<Receipt> receipts) {
    if (connections.isEmpty()) {
      contractComputations = Optional.empty(); // no subscription: the tracker would go stale
      return;
    }
    Rendered rendered = new Rendered(block, receipts);
    List<Subscription> computationSubscriptions = new ArrayList<>();
    for (WebSocketConnection connection : connections) {
      for (Subscription s : connection.subscriptions()) {
        switch (s.kind()) {
          case SubscriptionKind.NewHeads h -> s.deliver(rendered.header());
          case SubscriptionKind.Events e -> {
            for (RenderedEvent event : rendered.events()) {
              if (e.filter().matches(event.event())) {
                s.deliver(event.json());
              }
            }
          }
          case SubscriptionKind.TransactionStatus t -> transactionStatus(s, t.hash(), rendered);
          case SubscriptionKind.Computation c -> computationSubscriptions.add(s);
        }
      }
    }
    publishComputations(block, computationSubscriptions);
  }

  /**
   * Computation statuses as of {@code block}: each subscribed id's record is read, and the changes
   * since the previous block are read once for all contract subscriptions (the tracker lives while
   * some exist; it starts from the parent block, so the first block's changes are not missed).
   */
  private void publishComputations(Block block, List<Subscription> subscribed) {
    boolean byContract =
        subscribed.stream()
            .anyMatch(s -> ((SubscriptionKind.Computation) s.kind()).contract().isPresent());
    if (!byContract) {
      contractComputations = Optional.empty();
    }
    if (subscribed.isEmpty()) {
      return;
    }
    var registry = ComputationStatuses.registryAt(chain, block.header());
    List<ComputationRegistry.Record> changed = List.of();
    if (byContract) {
      if (contractComputations.isEmpty()) {
        ComputationStatuses statuses = new ComputationStatuses();
        chain
            .blockByHeight(block.height() - 1)
            .ifPresent(
                parent -> statuses.advance(ComputationStatuses.registryAt(chain, parent.header())));
        contractComputations = Optional.of(statuses);
      }
      changed = contractComputations.get().advance(registry);
    }
    for (Subscription s : subscribed) {
      SubscriptionKind.Computation c = (SubscriptionKind.Computation) s.kind();
      if (c.id().isPresent()) {
        ComputationRegistry.read(registry, c.id().get())
            .ifPresent(r -> s.advance(r, () -> computationStatus(r, block.height())));
      } else {
        for (ComputationRegistry.Record r : changed) {
          if (r.contract().equals(c.contract().get())) {
            s.deliver(computationStatus(r, block.height()));
          }
        }
      }
    }
  }

  /**
   * Notifies a new {@code computation} subscription of one id of its current status, at the head.
   * False if the chain has no such computation.
   */
  boolean notifyCurrentComputation(Subscription subscription, Bytes32 id) {
    BlockHeader head = chain.head();
    Optional<ComputationRegistry.Record> record =
        ComputationRegistry.read(ComputationStatuses.registryAt(chain, head), id);
    record.ifPresent(r -> subscription.advance(r, () -> computationStatus(r, head.height())));
    return record.isPresent();
  }

  private static String computationStatus(ComputationRegistry.Record r, long height) {
    return JsonRpcProcessor.write(JsonViews.computationStatus(r, height));
  }

  /** Committed in this block, or gone from the mempool without a commit (dropped). */
  private void transactionStatus(Subscription s, Bytes32 hash, Rendered block) {
    Integer index = block.indexOf(hash);
    if (index != null) {
      TransactionLocation location =
          new TransactionLocation(block.block.hash(), block.block.height(), index);
      s.advance(
          Subscription.TransactionState.COMMITTED,
          () ->
              status(
                  hash,
                  Subscription.TransactionState.COMMITTED,
                  block.receipts.get(index),
                  location));
      return;
    }
    if (s.state() != Subscription.TransactionState.PENDING || mempool.get(hash).isPresent()) {
      return;
    }
    Optional<TransactionLocation> location = chain.transactionLocation(hash);
    if (location.isPresent()) {
      Receipt receipt = chain.receipt(location.get()).orElseThrow();
      s.advance(
          Subscription.TransactionState.COMMITTED,
          () -> status(hash, Subscription.TransactionState.COMMITTED, receipt, location.get()));
    } else {
      s.advance(
          Subscription.TransactionState.DROPPED,
          () -> status(hash, Subscription.TransactionState.DROPPED, Optional.empty()));
    }
  }

  private static String status(
      Bytes32 hash,
      Subscription.TransactionState state,
      Receipt receipt,
      TransactionLocation location) {
    return status(hash, state, Optional.of(JsonViews.receipt(receipt, location)));
  }

  private static String status(
      Bytes32 hash, Subscription.TransactionState state, Optional<ObjectNode> receipt) {
    return JsonRpcProcessor.write(JsonViews.transactionStatus(hash, state.label(), receipt));
  }

  private record RenderedEvent(Event event, String json) {}

  /** A block's notification payloads, each rendered once and only if some subscription needs it. */
  private static final class Rendered {
    private final Block block;
    private final List<Receipt> receipts;
    private String header;
    private List<RenderedEvent> events;
    private Map<Bytes32, Integer> indexes;

    Rendered(Block block, List<Receipt> receipts) {
      this.block = block;
      this.receipts = receipts;
    }

    String header() {
      if (header == null) {
        header = JsonRpcProcessor.write(JsonViews.header(block.header()));
      }
      return header;
    }

    List<RenderedEvent> events() {
      if (events == null) {
        events = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i++) {
          Receipt r = receipts.get(i);
          TransactionLocation location = new TransactionLocation(block.hash(), block.height(), i);
          for (int j = 0; j < r.events().size(); j++) {
            Event e = r.events().get(j);
            events.add(
                new RenderedEvent(
                    e,
                    JsonRpcProcessor.write(
                        JsonViews.contractEvent(e, location, r.transactionHash(), j))));
          }
        }
      }
      return events;
    }

    Integer indexOf(Bytes32 hash) {
      if (indexes == null) {
        indexes = new HashMap<>();
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
          indexes.put(txs.get(i).hash(), i);
        }
      }
      return indexes.get(hash);
    }
  }
}

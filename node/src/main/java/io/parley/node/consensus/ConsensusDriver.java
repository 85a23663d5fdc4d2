package io.parley.node.consensus;

import io.parley.base.block.Block;
import io.parley.base.block.BlockHeader;
import io.parley.base.types.Address;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.MessageCodec;
import io.parley.consensus.protocol.ConsensusAction;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.consensus.protocol.ConsensusProtocol;
import io.parley.consensus.protocol.LastSigned;
import io.parley.consensus.tendermint.ProposerReputation;
import io.parley.node.chain.Blockchain;
import io.parley.node.execution.BlockExecutor;
import io.parley.node.execution.ExecutionResult;
import io.parley.node.execution.InvalidBlockException;
import io.parley.node.mempool.Mempool;
import io.parley.node.status.StatusLogger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ConsensusProtocol} on one thread: events go into that thread's queue, the
 * protocol's actions are performed in order, and their results come back as events. Block building
 * and validation execute blocks here; commits write them through {@link Blockchain}.
 */
public final class ConsensusDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsensusDriver.class);
  private static final int EXECUTED_CACHE = 16;

  /** How far in the future a proposed block's timestamp may be, by this node's clock. */
  static final long MAX_CLOCK_DRIFT_MILLIS = 5_000;

  private final ConsensusProtocol protocol;
  private final Blockchain chain;
  private final Mempool mempool;
  private final Address proposer;
  private final Clock clock;
  private final Consumer<Throwable> fatal;
  private final ConsensusNetwork network;
  private final ConsensusObserver observer;
  private final SigningStateFile signingState;
  private final VoteLog votes;

  /** Writes the signing-state record beside the database's write of the same messages. */
  private final ExecutorService signingWriter =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "signing-state");
            t.setDaemon(true);
            return t;
          });

  private final MessageCodec codec;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean readyQueued = new AtomicBoolean();
  private long lastBuildNanos;
  private ConsensusPosition position;
  private final Map<Bytes32, ExecutionResult> executed =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, ExecutionResult> eldest) {
          return size() > EXECUTED_CACHE;
        }
      };

  public ConsensusDriver(
      ConsensusProtocol protocol,
      Blockchain chain,
      Mempool mempool,
      Address proposer,
      Clock clock,
      ConsensusNetwork network,
      ConsensusObserver observer,
      SigningStateFile signingState,
      VoteLog votes,
      Consumer<Throwable> fatal) {
    this.protocol = protocol;
    this.signingState = signingState;
    this.votes = votes;
    this.network = network;
    this.observer = observer;
    this.codec = new MessageCodec(chain.config().execution().maxTransactionSize());
    this.chain = chain;
    this.mempool = mempool;
    this.proposer = proposer;
    this.clock = clock;
    this.fatal = fatal;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "consensus");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.thread = executor;
  }

  public void start() {
    mempool.onReady(this::transactionsArrived);
    position = new ConsensusPosition(chain.head().height() + 1, 0);
    observer.positionChanged(position);
    List<ConsensusMessage> persisted = new ArrayList<>();
    // Records from before the vote log (ADR 0047) are read from the database too.
    for (Bytes record : chain.consensusRecordsAbove(chain.head().height())) {
      persisted.add(codec.decode(record));
    }
    for (Bytes record : votes.above(chain.head().height())) {
      persisted.add(codec.decode(record));
    }
    Optional<LastSigned> lastSigned = signingState.current();
    lastSigned.ifPresent(last -> checkAgainstDatabase(last, persisted));
    post(
        new ConsensusEvent.Started(
            chain.head(),
            chain.certificate(chain.head().hash()),
            persisted,
            lastSigned,
            recentHeaders()));
    if (mempool.size() > 0) {
      transactionsArrived();
    }
  }

  /** The committed headers ending at the head that the proposer schedule reads. */
  private List<BlockHeader> recentHeaders() {
    BlockHeader head = chain.head();
    List<BlockHeader> out = new ArrayList<>();
    for (long h = Math.max(0, head.height() - ProposerReputation.HISTORY + 1);
        h < head.height();
        h++) {
      long height = h;
      out.add(
          chain
              .blockByHeight(height)
              .orElseThrow(
                  () -> new IllegalStateException("committed block " + height + " missing"))
              .header());
    }
    out.add(head);
    return out;
  }

  /**
   * Says loudly when the database lost what the signing-state record proves this validator had:
   * committed blocks below the height it signed at, or its signed messages of the height in flight.
   */
  private void checkAgainstDatabase(LastSigned last, List<ConsensusMessage> persisted) {
    long head = chain.head().height();
    if (last.height() > head + 1) {
      StatusLogger.error(
          "The database's head is block {}, but this validator signed at height {} round {} ({}) "
              + "according to {}: the database lost at least {} committed blocks (a damaged or "
              + "truncated write-ahead log?). Re-syncing them from peers; this validator signs "
              + "nothing at or below height {} round {} ({}).",
          head,
          last.height(),
          last.round(),
          last.step(),
          signingState.file(),
          last.height() - 1 - head,
          last.height(),
          last.round(),
          last.step());
    } else if (last.height() == head + 1
        && last.votes().stream().anyMatch(vote -> !persisted.contains(vote))) {
      StatusLogger.warn(
          "The vote log {} lost this validator's signed votes at height {} (a damaged or "
              + "replaced file?); resuming from {}: round {} ({})",
          votes.file(),
          last.height(),
          signingState.file(),
          last.round(),
          last.step());
    }
  }

  private void transactionsArrived() {
    if (readyQueued.compareAndSet(false, true)) {
      post(new ConsensusEvent.TransactionsAvailable());
    }
  }

  /** Queues an event for the consensus thread. */
  public void post(ConsensusEvent event) {
    if (thread.isShutdown()) {
      return;
    }
    thread.execute(() -> step(event));
  }

  private void step(ConsensusEvent event) {
    try {
      if (event instanceof ConsensusEvent.TransactionsAvailable) {
        readyQueued.set(false);
      }
      List<ConsensusAction> actions = protocol.handle(event);
      // Every persist of the list goes to disk first, in one synced write: each is then durable
      // before any later action, as the protocol requires, and a proposal and the proposer's own
      // prevote (or a prevote and the precommit it leads to) cost one sync, not one each.
      List<ConsensusAction> persists = actions.stream().filter(ConsensusDriver::isPersist).toList();
      if (!persists.isEmpty()) {
        persist(persists);
      }
      for (ConsensusAction action : actions) {
        if (!isPersist(action)) {
          observe(action);
          perform(action);
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("Consensus stopped: {}", e.toString(), e);
      thread.shutdownNow();
      fatal.accept(e);
    }
  }

  private void observe(ConsensusAction action) {
    ConsensusPosition next = position.after(action);
    if (!next.equals(position)) {
      position = next;
      observer.positionChanged(next);
    }
  }

  private void perform(ConsensusAction action) {
    switch (action) {
      case ConsensusAction.ScheduleTimeout t ->
          thread.schedule(
              () -> step(new ConsensusEvent.TimeoutExpired(t.height(), t.round(), t.kind())),
              t.delayMillis(),
              TimeUnit.MILLISECONDS);
      case ConsensusAction.BuildBlock b -> build(b);
      case ConsensusAction.ValidateBlock v -> validate(v.block());
      case ConsensusAction.CommitBlock c -> commit(c);
      case ConsensusAction.Broadcast b -> network.broadcast(b.message());
      case ConsensusAction.SendTo s -> network.sendTo(s.validatorIndex(), s.message());
      case ConsensusAction.PersistVote v -> persist(List.of(v));
      case ConsensusAction.PersistProposal p -> persist(List.of(p));
      case ConsensusAction.RequestBlocks r ->
          network.requestBlocks(r.validatorIndex(), r.fromHeight(), r.toHeight());
    }
  }

  private void build(ConsensusAction.BuildBlock request) {
    BlockHeader parent = chain.head();
    if (!parent.hash().equals(request.parentHash())) {
      throw new IllegalStateException(
          "asked to build on " + request.parentHash() + " but the head is " + parent.hash());
    }
    long start = System.nanoTime();
    int max = chain.config().consensus().maxBlockTransactions();
    var candidates = mempool.selectReady(max, chain::account);
    BlockExecutor.BuiltBlock built =
        chain
            .executor()
            .build(
                parent,
                candidates,
                clock.millis(),
                proposer,
                request.consensusData(),
                chain::account);
    for (BlockExecutor.Dropped dropped : built.dropped()) {
      LOG.debug(
          "Dropping {} from the mempool: {}",
          dropped.transaction().hash(),
          dropped.rejection().message());
      mempool.drop(dropped.transaction());
    }
    executed.put(built.block().hash(), built.result());
    lastBuildNanos = System.nanoTime() - start;
    post(new ConsensusEvent.BlockBuilt(request.height(), request.round(), built.block()));
  }

  private void validate(Block block) {
    try {
      BlockHeader parent = chain.head();
      long now = clock.millis();
      if (block.header().timestamp() > now + MAX_CLOCK_DRIFT_MILLIS) {
        throw new InvalidBlockException(
            "timestamp "
                + block.header().timestamp()
                + " is more than "
                + MAX_CLOCK_DRIFT_MILLIS
                + " ms ahead of this node's clock ("
                + now
                + ")");
      }
      ExecutionResult result = chain.executor().execute(parent, block, chain::account);

      executed.put(block.hash(), result);
      post(new ConsensusEvent.BlockValidated(block.hash(), true, ""));
    } catch (InvalidBlockException e) {
      LOG.warn(
          "Block {} at height {} is invalid: {}", block.hash(), block.height(), e.getMessage());
      post(new ConsensusEvent.BlockValidated(block.hash(), false, e.getMessage()));
    }
  }

  private void commit(ConsensusAction.CommitBlock request) {
    long start = System.nanoTime();
    Block block = request.block();
    ExecutionResult result = executed.remove(block.hash());
    if (result == null) {
      try {
        result = chain.executor().execute(chain.head(), block);
      } catch (InvalidBlockException e) {
        throw new IllegalStateException(
            "consensus committed an invalid block: " + e.getMessage(), e);
      }
    }
    chain.commit(block, Optional.of(request.certificate()), result);
    chain.pruneConsensusRecords(block.height());
    votes.prune(block.height());
    mempool.removeCommitted(block.transactions(), chain::account);
    StatusLogger.info(
        "Committed block {} (round {}) with {} transactions ({} gas), hash {}; executed in {} ms, stored in {} ms",
        block.height(),
        request.certificate().round(),
        block.transactions().size(),
        result.gasUsed(),
        block.hash().toShortHexString(),
        lastBuildNanos / 1_000_000,
        (System.nanoTime() - start) / 1_000_000);
    lastBuildNanos = 0;
    observer.blockCommitted(block.height(), block.transactions().size(), System.nanoTime() - start);
    post(new ConsensusEvent.BlockCommitted(block.header()));
    if (mempool.size() > 0) {
      transactionsArrived();
    }
  }

  private static boolean isPersist(ConsensusAction action) {
    return action instanceof ConsensusAction.PersistVote
        || action instanceof ConsensusAction.PersistProposal;
  }

  /**
   * Durably records signed messages before any later action sends them: this validator's own in the
   * signing-state record (synced), all of them in the vote log (synced only when the record is not
   * written: docs/adr/0047, docs/adr/0051). A double signature is refused before either is written.
   */
  private void persist(List<ConsensusAction> persists) {
    List<ConsensusMessage> messages = new ArrayList<>(persists.size());
    List<VoteLog.Entry> records = new ArrayList<>(persists.size());
    for (ConsensusAction action : persists) {
      ConsensusMessage message =
          switch (action) {
            case ConsensusAction.PersistVote v -> v.vote();
            case ConsensusAction.PersistProposal p -> p.proposal();
            default -> throw new IllegalArgumentException("not a persist action: " + action);
          };
      messages.add(message);
      records.add(new VoteLog.Entry(message.height(), MessageCodec.encode(message)));
    }
    Optional<Runnable> record = signingState.prepare(messages);
    Future<?> recorded = record.map(signingWriter::submit).orElse(null);
    // This validator's own messages are on disk through the record, synced before anything is
    // sent; the vote log then only needs writing: one sync per step, not two (ADR 0051).
    votes.append(records, record.isEmpty());
    awaitRecord(recorded);
  }

  private static void awaitRecord(Future<?> recorded) {
    if (recorded == null) {
      return;
    }
    try {
      recorded.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the signing-state record", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    signingWriter.shutdownNow();
    signingState.close();
    votes.close();
  }
}

package io.parley.node.consensus;

import io.parley.base.encoding.EncodingException;
import io.parley.base.tx.SignedTransaction;
import io.parley.consensus.messages.BlockRequest;
import io.parley.consensus.messages.BlockResponse;
import io.parley.consensus.messages.CertifiedBlock;
import io.parley.consensus.messages.ConsensusMessage;
import io.parley.consensus.messages.MessageCodec;
import io.parley.consensus.messages.Proposal;
import io.parley.consensus.protocol.ConsensusEvent;
import io.parley.node.chain.Blockchain;
import io.parley.node.mempool.Mempool;
import io.parley.node.p2p.P2pListener;
import io.parley.node.p2p.P2pNetwork;
import io.parley.node.p2p.TransactionGossip;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.tuweni.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the consensus driver to the validator network: encodes outgoing messages, decodes
 * incoming frames off the network threads (undecodable frames drop the peer), serves block-sync
 * requests from storage and hands gossiped transactions to the mempool. Frame type 1 carries
 * consensus and sync messages (routed by {@link MessageCodec#kindOf}), type 2 transaction gossip.
 */
public final class ValidatorLink implements ConsensusNetwork, P2pListener, AutoCloseable {
  public static final int CONSENSUS_FRAME = 1;
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorLink.class);
  private static final long MAX_RESPONSE_BYTES = 8L << 20;

  private final Blockchain chain;
  private final Mempool mempool;
  private final MessageCodec codec;
  private final ThreadPoolExecutor decoder;
  private final ThreadPoolExecutor gossipAdmission;
  private final AtomicLong droppedFrames = new AtomicLong();
  private volatile P2pNetwork network;
  private volatile TransactionGossip gossip;
  private volatile ConsensusDriver driver;

  public ValidatorLink(Blockchain chain, Mempool mempool) {
    this.chain = chain;
    this.mempool = mempool;
    this.codec = new MessageCodec(chain.config().execution().maxTransactionSize());
    // Separate threads, so that a flood of gossiped transactions never delays a proposal or vote.
    this.decoder = singleThread("p2p-consensus", 4_096);
    this.gossipAdmission = singleThread("p2p-gossip", 256);
  }

  /** Completes the wiring (the network and driver each need the other). */
  public void connect(P2pNetwork network, TransactionGossip gossip, ConsensusDriver driver) {
    this.network = network;
    this.gossip = gossip;
    this.driver = driver;
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    network.broadcast(CONSENSUS_FRAME, MessageCodec.encode(message));
  }

  @Override
  public void sendTo(int validatorIndex, ConsensusMessage message) {
    network.send(validatorIndex, CONSENSUS_FRAME, MessageCodec.encode(message));
  }

  @Override
  public void requestBlocks(int validatorIndex, long fromHeight, long toHeight) {
    network.send(validatorIndex, CONSENSUS_FRAME, new BlockRequest(fromHeight, toHeight).encode());
  }

  private static ThreadPoolExecutor singleThread(String name, int queue) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  @Override
  public void onMessage(int peer, int type, Bytes payload) {
    try {
      (type == TransactionGossip.FRAME_TYPE ? gossipAdmission : decoder)
          .execute(() -> handle(peer, type, payload));
    } catch (RejectedExecutionException e) {
      if (droppedFrames.incrementAndGet() % 1_000 == 1) {
        LOG.warn("Inbound queue full: dropped {} frames so far", droppedFrames.get());
      }
    }
  }

  private void handle(int peer, int type, Bytes payload) {
    try {
      switch (type) {
        case CONSENSUS_FRAME -> onConsensusFrame(peer, payload);
        case TransactionGossip.FRAME_TYPE -> gossip.onFrame(peer, payload, this::admit);
        default -> network.disconnect(peer, "unknown frame type " + type);
      }
    } catch (EncodingException | IllegalArgumentException e) {
      network.disconnect(peer, "malformed frame: " + e.getMessage());
    }
  }

  private void onConsensusFrame(int peer, Bytes payload) {
    OptionalInt kind = MessageCodec.kindOf(payload);
    if (kind.isEmpty()) {
      network.disconnect(peer, "frame is not a consensus message");
      return;
    }
    switch (kind.getAsInt()) {
      case BlockRequest.KIND -> serve(peer, BlockRequest.decode(payload));
      case BlockResponse.KIND ->
          driver.post(
              new ConsensusEvent.BlocksReceived(
                  peer,
                  BlockResponse.decode(payload, chain.config().execution().maxTransactionSize())
                      .blocks()));
      default -> {
        ConsensusMessage message = codec.decode(payload);
        if (message instanceof Proposal proposal) {
          // Recover senders here, in parallel, rather than on the consensus thread.
          // Senders of transactions already in the mempool are known; recover only the rest.
          proposal.block().transactions().parallelStream()
              .forEach(tx -> mempool.get(tx.hash()).ifPresentOrElse(tx::reuseSenderOf, tx::sender));
        }
        driver.post(new ConsensusEvent.MessageReceived(peer, message));
      }
    }
  }

  private void serve(int peer, BlockRequest request) {
    long to = Math.min(request.toHeight(), request.fromHeight() + BlockResponse.MAX_BLOCKS - 1);
    List<CertifiedBlock> blocks = chain.certifiedBlocks(request.fromHeight(), to);
    long bytes = 0;
    int count = 0;
    for (CertifiedBlock b : blocks) {
      bytes += b.block().encode().size();
      if (count > 0 && bytes > MAX_RESPONSE_BYTES) {
        break;
      }
      count++;
    }
    network.send(peer, CONSENSUS_FRAME, new BlockResponse(blocks.subList(0, count)).encode());
  }

  private void admit(SignedTransaction tx) {
    mempool.add(tx, chain::account);
  }

  /** Gossips a transaction a client gave this node. */
  public void announce(SignedTransaction tx) {
    gossip.announce(tx);
  }

  @Override
  public void close() {
    decoder.shutdownNow();
    gossipAdmission.shutdownNow();
  }
}

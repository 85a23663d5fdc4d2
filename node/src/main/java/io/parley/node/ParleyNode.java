package io.parley.node;

import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.consensus.protocol.ConsensusProtocol;
import io.parley.consensus.solo.SoloConsensus;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisConfig;
import io.parley.genesis.KeyFiles;
import io.parley.node.chain.Blockchain;
import io.parley.node.config.NodeConfig;
import io.parley.node.consensus.ConsensusDriver;
import io.parley.node.mempool.Mempool;
import io.parley.node.rpc.ContractRpcMethods;
import io.parley.node.rpc.JsonRpcProcessor;
import io.parley.node.rpc.ParleyRpcMethods;
import io.parley.node.rpc.RpcServer;
import io.parley.node.storage.ChainStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires one node: storage, chain, mempool, consensus and JSON-RPC. No logic lives here beyond
 * start-up checks and the order of start and stop.
 */
public final class ParleyNode implements AutoCloseable {
  public static final String VERSION = versionOf();

  private final ChainStore store;
  private final Blockchain chain;
  private final Mempool mempool;
  private final ConsensusDriver consensus;
  private final RpcServer rpc;
  private final InetSocketAddress rpcAddress;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean ready;

  private ParleyNode(NodeConfig config) throws InterruptedException {
    Genesis genesis = Genesis.load(config.genesisFile());
    GenesisConfig gc = genesis.config();
    KeyPair validatorKey = validatorKey(config, gc);
    store = ChainStore.open(config.dataPath().resolve("db"), config.databaseCacheBytes());
    try {
      chain = Blockchain.open(store, genesis, config.stateCacheEntries());
      chain.verifyHead();
      mempool =
          new Mempool(chain.executor().processor(), gc.consensus().maxBlockGas(), config.mempool());
      ConsensusProtocol protocol =
          new SoloConsensus(
              gc.chainId(),
              validatorKey,
              gc.consensus().blockPeriodMillis(),
              gc.consensus().emptyBlockIntervalMillis());
      consensus =
          new ConsensusDriver(
              protocol, chain, mempool, validatorKey.address(), Clock.systemUTC(), this::fail);

      if (config.rpcEnabled()) {
        ParleyRpcMethods methods =
            new ParleyRpcMethods(
                chain, mempool, "parley/v" + VERSION + "/java" + Runtime.version().feature());
        rpc =
            new RpcServer(
                config.rpc(),
                new JsonRpcProcessor(
                    java.util.stream.Stream.concat(
                            methods.methods().stream(),
                            new ContractRpcMethods(chain).methods().stream())
                        .toList(),
                    config.rpc().maxBatchSize()),
                () -> ready);
        rpcAddress = rpc.start();
      } else {
        rpc = null;
        rpcAddress = null;
      }
      consensus.start();
      ready = true;
      StatusLogger.info(
          "Parley {} started: chain {} genesis {} head {} ({}), validator {}",
          VERSION,
          gc.chainId(),
          genesis.hash().toShortHexString(),
          chain.head().height(),
          chain.head().hash().toShortHexString(),
          validatorKey.address());
    } catch (RuntimeException | InterruptedException e) {
      store.close();
      throw e;
    }
  }

  /** Starts a node; throws with a clear message if the configuration cannot work. */
  public static ParleyNode start(NodeConfig config) throws InterruptedException {
    return new ParleyNode(config);
  }

  private static KeyPair validatorKey(NodeConfig config, GenesisConfig genesis) {
    if (genesis.validators().size() > 1) {
      throw new NodeStartException(
          "this genesis has "
              + genesis.validators().size()
              + " validators; this node version runs single-validator networks only (BFT networking is not part of this release)");
    }
    Optional<java.nio.file.Path> keyFile = config.validatorKeyFile();
    if (keyFile.isEmpty()) {
      throw new NodeStartException(
          "--validator-key-file is required: this node version runs only as the network's validator");
    }
    KeyPair key = KeyPair.of(KeyFiles.read(keyFile.get()));
    Address expected = genesis.validators().get(0).address();
    if (!key.address().equals(expected)) {
      throw new NodeStartException(
          "validator key "
              + keyFile.get()
              + " belongs to "
              + key.address()
              + ", but the genesis validator is "
              + expected);
    }
    return key;
  }

  private void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
    ready = false;
    StatusLogger.error("Node failed: {}; shutting down", cause.toString());
    stopped.countDown();
  }

  public Optional<InetSocketAddress> rpcAddress() {
    return Optional.ofNullable(rpcAddress);
  }

  public Blockchain chain() {
    return chain;
  }

  public Mempool mempool() {
    return mempool;
  }

  /** Blocks until the node fails or is closed; returns the failure, if any. */
  public Optional<Throwable> awaitStop() throws InterruptedException {
    stopped.await();
    return Optional.ofNullable(failure.get());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready = false;
    if (rpc != null) {
      rpc.close();
    }
    consensus.close();
    store.close();
    stopped.countDown();
    StatusLogger.info("Parley stopped at block {}", chain.head().height());
  }

  private static String versionOf() {
    String v = ParleyNode.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }
}

package io.parley.node;

import io.parley.base.crypto.KeyPair;
import io.parley.consensus.protocol.ConsensusProtocol;
import io.parley.consensus.solo.SoloConsensus;
import io.parley.consensus.tendermint.Pacemaker;
import io.parley.consensus.tendermint.Tendermint;
import io.parley.consensus.tendermint.TendermintConfig;
import io.parley.genesis.Genesis;
import io.parley.genesis.GenesisConfig;
import io.parley.genesis.KeyFiles;
import io.parley.node.chain.Blockchain;
import io.parley.node.config.NodeConfig;
import io.parley.node.config.P2pSettings;
import io.parley.node.consensus.ConsensusDriver;
import io.parley.node.consensus.ConsensusNetwork;
import io.parley.node.consensus.ConsensusObserver;
import io.parley.node.consensus.SigningStateFile;
import io.parley.node.consensus.ValidatorLink;
import io.parley.node.consensus.VoteLog;
import io.parley.node.mempool.Mempool;
import io.parley.node.metrics.MetricsServer;
import io.parley.node.metrics.MetricsServerConfig;
import io.parley.node.metrics.NodeMetrics;
import io.parley.node.p2p.P2pConfig;
import io.parley.node.p2p.P2pNetwork;
import io.parley.node.p2p.TransactionGossip;
import io.parley.node.rpc.JsonRpcProcessor;
import io.parley.node.rpc.OpenRpcDocument;
import io.parley.node.rpc.RpcApi;
import io.parley.node.rpc.RpcCallObserver;
import io.parley.node.rpc.RpcMethod;
import io.parley.node.rpc.RpcServer;
import io.parley.node.rpc.Subscriptions;
import io.parley.node.status.StatusLogger;
import io.parley.node.storage.ChainStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires one node: storage, chain, mempool, consensus and JSON-RPC. No logic lives here beyond
 * start-up checks and the order of start and stop.
 */
public final class ParleyNode implements AutoCloseable {
  public static final String VERSION = versionOf();

  /** How much of the newest database files each start reads to verify their checksums. */
  static final long OPEN_CHECK_BYTES = 256L << 20;

  private final ChainStore store;
  private final Blockchain chain;
  private final Mempool mempool;
  private final ConsensusDriver consensus;
  private final ValidatorLink link;
  private final P2pNetwork network;
  private final TransactionGossip gossip;
  private final RpcServer rpc;
  private final Subscriptions subscriptions;
  private final InetSocketAddress rpcAddress;
  private final MetricsServer metricsServer;
  private final InetSocketAddress metricsAddress;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean ready;

  private ParleyNode(NodeConfig config) throws InterruptedException {
    Genesis genesis = Genesis.load(config.genesisFile());
    GenesisConfig gc = genesis.config();
    checkMpcProtocol(gc);
    KeyPair validatorKey = validatorKey(config, gc);
    long openStart = System.nanoTime();
    store = ChainStore.open(config.dataPath().resolve("db"), config.databaseCacheBytes());
    MetricsServer startedMetrics = null;
    try {
      ChainStore.Verified newest = store.verifyNewestFiles(OPEN_CHECK_BYTES);
      chain = Blockchain.open(store, genesis, config.stateCacheEntries());
      chain.verifyHead();
      StatusLogger.info(
          "Database opened, checksums of its {} newest files ({} MiB) and head block {} verified"
              + " in {} ms",
          newest.files(),
          newest.bytes() >> 20,
          chain.head().height(),
          (System.nanoTime() - openStart) / 1_000_000);
      mempool =
          new Mempool(chain.executor().processor(), gc.consensus().maxBlockGas(), config.mempool());
      Optional<NodeMetrics> metrics =
          config.metrics().map(unused -> new NodeMetrics(chain, mempool));
      if (metrics.isPresent()) {
        MetricsServerConfig metricsConfig = config.metrics().get();
        startedMetrics = new MetricsServer(metricsConfig, metrics.get().registry());
        metricsAddress = startMetrics(startedMetrics, metricsConfig);
      } else {
        metricsAddress = null;
      }
      metricsServer = startedMetrics;
      int self = gc.validators().indexOf(validatorKey.address()).orElseThrow();
      ConsensusProtocol protocol;
      ConsensusNetwork consensusNetwork = ConsensusNetwork.NONE;
      if (gc.validators().size() == 1) {
        protocol =
            new SoloConsensus(
                gc.chainId(),
                validatorKey,
                gc.consensus().blockPeriodMillis(),
                gc.consensus().emptyBlockIntervalMillis());
        link = null;
      } else {
        protocol =
            new Tendermint(
                new TendermintConfig(gc.chainId(), gc.validators(), validatorKey, pacemaker(gc)));
        link = new ValidatorLink(chain, mempool);
        consensusNetwork = link;
      }
      consensus =
          new ConsensusDriver(
              protocol,
              chain,
              mempool,
              validatorKey.address(),
              Clock.systemUTC(),
              consensusNetwork,
              metrics.map(NodeMetrics::consensus).orElse(ConsensusObserver.NONE),
              SigningStateFile.open(
                  config.dataPath().resolve(SigningStateFile.FILE_NAME),
                  gc.chainId(),
                  genesis.hash(),
                  self),
              VoteLog.open(config.dataPath().resolve(VoteLog.FILE_NAME)),
              this::fail);
      if (link != null) {
        P2pSettings p2p = config.p2p().orElseThrow();
        network =
            new P2pNetwork(
                new P2pConfig(
                    p2p.listen(),
                    self,
                    validatorKey,
                    gc.validators(),
                    p2p.peers(),
                    genesis.hash(),
                    P2pConfig.DEFAULT_MAX_FRAME,
                    4_096,
                    5_000,
                    100,
                    5_000),
                link);
        gossip = new TransactionGossip(network, gc.execution().maxTransactionSize());
        link.connect(network, gossip, consensus);
        metrics.ifPresent(m -> m.watch(network));
        InetSocketAddress p2pAddress = network.start();
        StatusLogger.info(
            "Validator network on {} (validator {} of {})",
            p2pAddress,
            self,
            gc.validators().size());
      } else {
        network = null;
        gossip = null;
      }
      if (config.rpcEnabled()) {
        OpenRpcDocument document = OpenRpcDocument.load(config.rpc().host(), config.rpc().port());
        subscriptions = new Subscriptions(chain, mempool, config.rpc().webSocket());
        chain.onCommit(subscriptions::blockCommitted);
        subscriptions.start();
        List<RpcMethod> methods =
            RpcApi.methods(
                chain,
                mempool,
                "parley/v" + VERSION + "/java" + Runtime.version().feature(),
                document,
                subscriptions,
                tx -> {
                  if (link != null) {
                    link.announce(tx);
                  }
                },
                config.rpc().queryLimits());
        RpcCallObserver rpcObserver =
            metrics
                .map(m -> m.rpc(methods.stream().map(RpcMethod::name).toList()))
                .orElse(RpcCallObserver.NONE);
        rpc =
            new RpcServer(
                config.rpc(),
                new JsonRpcProcessor(methods, config.rpc().maxBatchSize(), rpcObserver),
                subscriptions,
                () -> ready);
        rpcAddress = rpc.start();
        document.servedAt(rpcAddress);
      } else {
        rpc = null;
        rpcAddress = null;
        subscriptions = null;
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
      if (startedMetrics != null) {
        startedMetrics.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * Binds the metrics port, or says which setting to change when it cannot. The caller closes the
   * server when this throws.
   */
  private static InetSocketAddress startMetrics(MetricsServer server, MetricsServerConfig config)
      throws InterruptedException {
    try {
      InetSocketAddress address = server.start();
      StatusLogger.info(
          "Prometheus metrics on http://{}:{}/metrics", address.getHostString(), address.getPort());
      return address;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // Netty reports a port in use as a java.net.BindException
      throw new NodeStartException(
          "cannot serve metrics on "
              + config.host()
              + ":"
              + config.port()
              + " ("
              + e
              + "); choose another --metrics-port or --metrics-host, or turn metrics off with"
              + " --metrics-enabled=false");
    }
  }

  /** Starts a node; throws with a clear message if the configuration cannot work. */
  public static ParleyNode start(NodeConfig config) throws InterruptedException {
    return new ParleyNode(config);
  }

  private static KeyPair validatorKey(NodeConfig config, GenesisConfig genesis) {
    Optional<java.nio.file.Path> keyFile = config.validatorKeyFile();
    if (keyFile.isEmpty()) {
      throw new NodeStartException(
          "--validator-key-file is required: this node version runs only as one of the genesis validators");
    }
    KeyPair key = KeyPair.of(KeyFiles.read(keyFile.get()));
    if (genesis.validators().indexOf(key.address()).isEmpty()) {
      throw new NodeStartException(
          "validator key "
              + keyFile.get()
              + " belongs to "
              + key.address()
              + ", which is not one of the genesis validators");
    }
    if (genesis.validators().size() > 1 && config.p2p().isEmpty()) {
      throw new NodeStartException(
          "this genesis has "
              + genesis.validators().size()
              + " validators: give the others with --peers index@host:port,... (and --p2p-port)");
    }
    return key;
  }

  /** Tendermint timeouts from the genesis consensus parameters. */
  static Pacemaker pacemaker(GenesisConfig genesis) {
    long round = genesis.consensus().roundTimeoutMillis();
    return new Pacemaker(
        round,
        Math.max(1, round / 2),
        Math.max(1, round / 2),
        round,
        2 * round,
        genesis.consensus().blockPeriodMillis(),
        genesis.consensus().emptyBlockIntervalMillis(),
        6);
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

  /** Where Prometheus metrics are served; empty when metrics are off. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsAddress);
  }

  public Blockchain chain() {
    return chain;
  }

  public Mempool mempool() {
    return mempool;
  }

  /** WebSocket connection and subscription counters; empty when RPC is off. */
  public Optional<Subscriptions.Stats> webSocketStats() {
    return Optional.ofNullable(subscriptions).map(Subscriptions::stats);
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
      subscriptions.close();
    }
    if (network != null) {
      network.close();
      gossip.close();
      link.close();
    }
    consensus.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
    store.close();
    stopped.countDown();
    StatusLogger.info("Parley stopped at block {}", chain.head().height());
  }

  private static String versionOf() {
    String v = ParleyNode.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }

  /** A protocol pinned in genesis must be one the engine knows and can run on the committee. */
  private static void checkMpcProtocol(GenesisConfig gc) {
    try {
      io.parley.zk.computation.Protocols.pinned(
          gc.mpcCommittee().protocol(), gc.mpcCommittee().members().size());
    } catch (IllegalArgumentException e) {
      throw new NodeStartException("genesis mpcCommittee.protocol: " + e.getMessage());
    }
  }
}

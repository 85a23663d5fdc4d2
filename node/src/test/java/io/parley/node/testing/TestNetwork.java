package io.parley.node.testing;

import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.SignedTransaction;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.node.ParleyNode;
import io.parley.node.config.NodeConfig;
import io.parley.node.config.NodeConfigs;
import io.parley.node.rpc.RpcServerConfig;
import io.parley.node.rpc.WebSocketLimits;
import io.parley.sdk.rpc.RpcClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;

/** A generated single-validator network in a directory, and helpers to run its node. */
public final class TestNetwork {
  public static final long CHAIN_ID = 1337;
  public static final UInt256 FUNDS = UInt256.valueOf(1_000_000_000_000L);

  private final Path dir;
  private final GenesisGenerator.Result generated;

  private TestNetwork(Path dir, GenesisGenerator.Result generated) {
    this.dir = dir;
    this.generated = generated;
  }

  public static TestNetwork create(Path dir, int accounts) {
    return create(dir, accounts, new ConsensusParameters(20, 1_000, 1_000, 5_000, 200_000_000L));
  }

  /**
   * A network whose validator makes no empty block for an hour: its chain moves only when a
   * transaction arrives, so a test can rely on the head it left.
   */
  public static TestNetwork createQuiet(Path dir, int accounts) {
    return create(
        dir, accounts, new ConsensusParameters(20, 3_600_000, 1_000, 5_000, 200_000_000L));
  }

  /** A network with an MPC committee of {@code mpcMembers} (with encryption keys) in genesis. */
  public static TestNetwork createWithCommittee(Path dir, int accounts, int mpcMembers) {
    return createWithCommittee(dir, accounts, mpcMembers, 0);
  }

  /** The same with {@code standby} standby members in genesis (ADR 0056). */
  public static TestNetwork createWithCommittee(
      Path dir, int accounts, int mpcMembers, int standby) {
    return create(
        dir,
        accounts,
        new ConsensusParameters(20, 1_000, 1_000, 5_000, 200_000_000L),
        mpcMembers,
        standby);
  }

  private static TestNetwork create(Path dir, int accounts, ConsensusParameters consensus) {
    return create(dir, accounts, consensus, 0, 0);
  }

  private static TestNetwork create(
      Path dir, int accounts, ConsensusParameters consensus, int mpcMembers, int standby) {
    GenesisGenerator.Result result =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                CHAIN_ID,
                1,
                mpcMembers,
                accounts,
                FUNDS,
                System.currentTimeMillis(),
                consensus,
                ExecutionParameters.DEFAULTS,
                Optional.empty(),
                standby),
            dir.resolve("network"));
    return new TestNetwork(dir, result);
  }

  public Path genesisFile() {
    return generated.directory().resolve("genesis.json");
  }

  public Path validatorKeyFile() {
    return generated.directory().resolve("validator-0").resolve("key");
  }

  public Path dataPath() {
    return dir.resolve("data");
  }

  public List<KeyPair> accounts() {
    return generated.accountKeys();
  }

  public GenesisGenerator.Result generated() {
    return generated;
  }

  public NodeConfig config() {
    RpcServerConfig d = RpcServerConfig.defaults();
    RpcServerConfig rpc =
        new RpcServerConfig(
            "127.0.0.1",
            0,
            d.hostAllowlist(),
            d.corsOrigins(),
            1024 * 1024,
            100,
            d.timeoutMillis(),
            2,
            d.maxQueuedRequests());
    return NodeConfigs.defaults(dataPath(), genesisFile(), Optional.of(validatorKeyFile()), rpc);
  }

  public ParleyNode start() throws InterruptedException {
    return ParleyNode.start(config());
  }

  /** Starts the node with other WebSocket limits on its RPC port. */
  public ParleyNode start(WebSocketLimits webSocket) throws InterruptedException {
    return start(config().rpc().withWebSocket(webSocket));
  }

  /** Starts the node with other RPC settings. */
  public ParleyNode start(io.parley.node.rpc.RpcServerConfig rpc) throws InterruptedException {
    NodeConfig c = config();
    return ParleyNode.start(
        new NodeConfig(
            c.dataPath(),
            c.genesisFile(),
            c.validatorKeyFile(),
            c.rpcEnabled(),
            rpc,
            c.mempool(),
            c.stateCacheEntries(),
            c.databaseCacheBytes(),
            c.p2p()));
  }

  public static RpcClient client(ParleyNode node) {
    var address = node.rpcAddress().orElseThrow();
    return new RpcClient(
        URI.create("http://127.0.0.1:" + address.getPort() + "/"), Duration.ofSeconds(20));
  }

  public static SignedTransaction transfer(KeyPair from, long nonce, Address to, long amount) {
    return Transaction.transfer(CHAIN_ID, nonce, to, UInt256.valueOf(amount), UInt256.ONE, 21_000)
        .sign(from);
  }
}

package io.parley.node.config;

import io.parley.node.mempool.MempoolLimits;
import io.parley.node.metrics.MetricsServerConfig;
import io.parley.node.rpc.RpcServerConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a node needs to start, after CLI flags, PARLEY_* environment variables and the TOML
 * file have been merged (docs/operators.md).
 *
 * @param dataPath directory holding the database
 * @param genesisFile the network's genesis.json
 * @param validatorKeyFile this validator's key file (0600); empty for a node that only follows
 * @param rpcEnabled whether to serve JSON-RPC
 * @param rpc JSON-RPC server settings
 * @param mempool mempool bounds
 * @param stateCacheEntries state-tree nodes kept in memory
 * @param databaseCacheBytes RocksDB block cache size
 * @param p2p the validator network; empty for a single-validator chain
 * @param metrics where to serve Prometheus metrics; empty when metrics are off
 */
public record NodeConfig(
    Path dataPath,
    Path genesisFile,
    Optional<Path> validatorKeyFile,
    boolean rpcEnabled,
    RpcServerConfig rpc,
    MempoolLimits mempool,
    int stateCacheEntries,
    long databaseCacheBytes,
    Optional<P2pSettings> p2p,
    Optional<MetricsServerConfig> metrics) {

  /** Settings without a metrics port. */
  public NodeConfig(
      Path dataPath,
      Path genesisFile,
      Optional<Path> validatorKeyFile,
      boolean rpcEnabled,
      RpcServerConfig rpc,
      MempoolLimits mempool,
      int stateCacheEntries,
      long databaseCacheBytes,
      Optional<P2pSettings> p2p) {
    this(
        dataPath,
        genesisFile,
        validatorKeyFile,
        rpcEnabled,
        rpc,
        mempool,
        stateCacheEntries,
        databaseCacheBytes,
        p2p,
        Optional.empty());
  }

  /** These settings with Prometheus metrics served as {@code metrics} says. */
  public NodeConfig withMetrics(MetricsServerConfig metrics) {
    return new NodeConfig(
        dataPath,
        genesisFile,
        validatorKeyFile,
        rpcEnabled,
        rpc,
        mempool,
        stateCacheEntries,
        databaseCacheBytes,
        p2p,
        Optional.of(metrics));
  }
}

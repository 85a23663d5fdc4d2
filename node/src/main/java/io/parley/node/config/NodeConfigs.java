package io.parley.node.config;

import io.parley.node.mempool.MempoolLimits;
import io.parley.node.rpc.RpcServerConfig;
import java.nio.file.Path;
import java.util.Optional;

/** Default node settings. */
public final class NodeConfigs {
  public static final int DEFAULT_STATE_CACHE_ENTRIES = 500_000;
  public static final long DEFAULT_DATABASE_CACHE_BYTES = 256L << 20;

  private NodeConfigs() {}

  /**
   * Default settings with this RPC server and no metrics port (so that several nodes can run in one
   * process or on one host; {@link NodeConfig#withMetrics} adds one).
   */
  public static NodeConfig defaults(
      Path dataPath, Path genesisFile, Optional<Path> validatorKeyFile, RpcServerConfig rpc) {
    return new NodeConfig(
        dataPath,
        genesisFile,
        validatorKeyFile,
        true,
        rpc,
        MempoolLimits.DEFAULTS,
        DEFAULT_STATE_CACHE_ENTRIES,
        DEFAULT_DATABASE_CACHE_BYTES,
        Optional.empty());
  }
}

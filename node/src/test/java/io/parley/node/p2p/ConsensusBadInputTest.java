package io.parley.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.Signature;
import io.parley.consensus.messages.MessageCodec;
import io.parley.consensus.messages.Vote;
import io.parley.consensus.messages.VoteType;
import io.parley.consensus.tendermint.Tendermint;
import io.parley.genesis.ConsensusParameters;
import io.parley.genesis.ExecutionParameters;
import io.parley.genesis.GenesisGenerator;
import io.parley.genesis.KeyFiles;
import io.parley.node.ParleyNode;
import io.parley.node.config.NodeConfig;
import io.parley.node.config.NodeConfigs;
import io.parley.node.config.P2pSettings;
import io.parley.node.consensus.ValidatorLink;
import io.parley.node.rpc.RpcServerConfig;
import io.parley.node.testing.NodeProcess;
import io.parley.node.testing.TestNetwork;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An authenticated validator that sends bad consensus content: a vote with a forged signature is
 * dropped with a log line, an undecodable frame drops the peer, and the node keeps serving.
 */
class ConsensusBadInputTest {
  @TempDir Path dir;

  @Test
  void forgedVotesAndGarbageFramesAreDroppedAndTheNodeKeepsGoing() throws Exception {
    GenesisGenerator.Result net =
        GenesisGenerator.generate(
            new GenesisGenerator.Request(
                TestNetwork.CHAIN_ID,
                4,
                0,
                0,
                UInt256.ONE,
                System.currentTimeMillis(),
                new ConsensusParameters(5, 1_000, 1_000, 2_000, 200_000_000L),
                ExecutionParameters.DEFAULTS),
            dir.resolve("network"));
    Map<Integer, InetSocketAddress> addresses = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      addresses.put(i, new InetSocketAddress("127.0.0.1", NodeProcess.freePort()));
    }
    RpcServerConfig d = RpcServerConfig.defaults();
    RpcServerConfig rpc =
        new RpcServerConfig(
            "127.0.0.1",
            0,
            d.hostAllowlist(),
            d.corsOrigins(),
            d.maxBodyBytes(),
            d.maxBatchSize(),
            d.timeoutMillis(),
            2,
            d.maxQueuedRequests());
    NodeConfig base =
        NodeConfigs.defaults(
            dir.resolve("node-0"),
            dir.resolve("network/genesis.json"),
            Optional.of(dir.resolve("network/validator-0/key")),
            rpc);
    NodeConfig config =
        new NodeConfig(
            base.dataPath(),
            base.genesisFile(),
            base.validatorKeyFile(),
            true,
            rpc,
            base.mempool(),
            base.stateCacheEntries(),
            base.databaseCacheBytes(),
            Optional.of(new P2pSettings(addresses.get(0), addresses)));

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Tendermint.class)).addAppender(logs);
    ListAppender<ILoggingEvent> networkLogs = new ListAppender<>();
    networkLogs.start();
    ((Logger) LoggerFactory.getLogger(P2pNetwork.class)).addAppender(networkLogs);
    try (ParleyNode node = ParleyNode.start(config)) {
      KeyPair validator1 = KeyPair.of(KeyFiles.read(dir.resolve("network/validator-1/key")));
      P2pNetwork peer =
          new P2pNetwork(
              new P2pConfig(
                  addresses.get(1),
                  1,
                  validator1,
                  net.genesis().config().validators(),
                  Map.of(0, addresses.get(0)),
                  net.genesis().hash(),
                  1 << 20,
                  64,
                  2_000,
                  50,
                  400),
              (p, t, b) -> {});
      try {
        peer.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> peer.isConnected(0));

        Vote honest =
            Vote.sign(
                TestNetwork.CHAIN_ID,
                VoteType.PREVOTE,
                1,
                0,
                Optional.of(Bytes32.ZERO),
                1,
                validator1);
        Signature s = honest.signature();
        Vote forged =
            new Vote(
                honest.type(),
                honest.height(),
                honest.round(),
                honest.blockHash(),
                1,
                new Signature(s.r(), Bytes32.leftPad(Bytes.of(1)), s.recoveryId()));
        assertThat(peer.send(0, ValidatorLink.CONSENSUS_FRAME, MessageCodec.encode(forged)))
            .isTrue();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    logs.list.stream()
                        .anyMatch(
                            e ->
                                e.getFormattedMessage()
                                    .contains("invalid vote signature from validator 1")));
        assertThat(peer.isConnected(0)).as("a bad signature alone does not drop the link").isTrue();

        peer.send(0, ValidatorLink.CONSENSUS_FRAME, Bytes.fromHexString("0xdeadbeef"));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    networkLogs.list.stream()
                        .anyMatch(
                            e ->
                                e.getFormattedMessage().contains("Dropping peer validator 1")
                                    && e.getFormattedMessage()
                                        .contains("not a consensus message")));
        assertThat(TestNetwork.client(node).call("chain_head").get("number").asText())
            .isEqualTo("0x0");
      } finally {
        peer.close();
      }
    } finally {
      ((Logger) LoggerFactory.getLogger(Tendermint.class)).detachAppender(logs);
      ((Logger) LoggerFactory.getLogger(P2pNetwork.class)).detachAppender(networkLogs);
    }
  }
}

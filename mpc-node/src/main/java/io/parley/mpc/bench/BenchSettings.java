package io.parley.mpc.bench;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.CommitteeNetwork;
import io.parley.mpc.network.CommitteeNode;
import io.parley.mpc.network.TlsIdentity;
import io.parley.mpc.network.TrafficCounters;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Security;
import io.parley.zk.messages.Committee;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Benchmark settings shared by the parent and member processes; keys are derived, not secret. */
record BenchSettings(
    int parties,
    Protocol protocol,
    int multiplications,
    int comparisons,
    int basePort,
    List<Security> modes,
    int repeat,
    int warmup) {

  /** Suffix of the result names of run r (0-based) of a workload: none for the first. */
  static String run(int r) {
    return r == 0 ? "" : "#" + (r + 1);
  }

  static String tag(Security mode) {
    return mode == Security.MALICIOUS ? "malicious" : "semi-honest";
  }

  static List<PrivateKey> keys(int parties) {
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < parties; i++) {
      keys.add(
          PrivateKey.of(
              Hashing.keccak256(
                  Bytes.wrap(("parley-bench-member-" + i).getBytes(StandardCharsets.US_ASCII)))));
    }
    return keys;
  }

  static Committee committee(List<PrivateKey> keys) {
    return new Committee(keys.stream().map(PrivateKey::publicKey).toList());
  }

  /**
   * Starts member {@code self}'s TLS links to members listening on 127.0.0.1 from {@code basePort}
   * on, attached to {@code node}, and waits until all are up.
   */
  static CommitteeNetwork join(
      List<PrivateKey> keys, int self, int basePort, CommitteeNode node, TrafficCounters counters)
      throws Exception {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      addresses.add(new InetSocketAddress("127.0.0.1", basePort + i));
    }
    CommitteeNetwork network =
        new CommitteeNetwork(
            committee(keys),
            self,
            TlsIdentity.create(self, keys.get(self)),
            addresses,
            node.listener(),
            counters);
    node.attach(network);
    network.start();
    if (!network.awaitConnected(60, TimeUnit.SECONDS)) {
      network.close();
      throw new IllegalStateException("member " + self + " could not reach the committee");
    }
    return network;
  }

  static Bytes32 id(String name) {
    return Hashing.keccak256(
        Bytes.wrap(("parley-bench/" + name).getBytes(StandardCharsets.US_ASCII)));
  }

  List<String> toArguments() {
    List<String> args = new ArrayList<>();
    args.add("--parties=" + parties);
    args.add("--protocol=" + protocol.name());
    args.add("--multiplications=" + multiplications);
    args.add("--comparisons=" + comparisons);
    args.add("--base-port=" + basePort);
    args.add("--modes=" + String.join(",", modes.stream().map(Enum::name).toList()));
    args.add("--repeat=" + repeat);
    args.add("--warmup=" + warmup);
    return args;
  }
}

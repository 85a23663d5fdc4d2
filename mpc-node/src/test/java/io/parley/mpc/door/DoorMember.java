package io.parley.mpc.door;

import io.parley.base.crypto.PrivateKey;
import io.parley.mpc.network.CommitteeNetwork;
import io.parley.mpc.network.CommitteeNode;
import io.parley.mpc.network.PhaseObserver;
import io.parley.mpc.network.TlsIdentity;
import io.parley.mpc.network.TrafficCounters;
import io.parley.mpc.store.RocksMemberStore;
import io.parley.mpc.testing.TestCommittee;
import io.parley.zk.circuit.CircuitParser;
import io.parley.zk.circuit.CircuitValidator;
import io.parley.zk.circuit.ValidatedCircuit;
import io.parley.zk.computation.Blames;
import io.parley.zk.computation.CommitteeMember;
import io.parley.zk.computation.ComputationRequest;
import io.parley.zk.computation.ComputationResult;
import io.parley.zk.computation.MemberInputs;
import io.parley.zk.computation.Protocol;
import io.parley.zk.computation.Protocols;
import io.parley.zk.computation.ShareVector;
import io.parley.zk.computation.Workload;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Committee;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;

/**
 * One committee member as its own process, its store a RocksDB database of its own: joins the TLS
 * committee network on loopback and runs three computations of {@link #BEST_BID} through the
 * engine's door, the protocol picked by the door's rule; in the third, member {@code cheater} uses
 * altered shares of the secret state. It prints one line per computation for {@link
 * DoorOverTlsTest} to check: {@code RUN k completed <transcript> <higher> <recipient shares>} or
 * {@code RUN k aborted <accusation> [<blame hex>]}. The wallets' inputs are dealt from a seed every
 * process shares (a test's wallet).
 */
public final class DoorMember {
  static final String BEST_BID =
      """
      {"format":"parley-circuit/1","name":"best-bid",
       "inputs":[{"name":"bid","kind":"secret","type":"i32"},
                 {"name":"best","kind":"state","type":"i32"}],
       "gates":[{"op":"lt","in":[1,0]},
                {"op":"select","in":[2,0,1]}],
       "outputs":[{"name":"higher","wire":2,"type":"bool","to":"public"},
                  {"name":"best","wire":3,"type":"i32","to":"state"},
                  {"name":"top","wire":3,"type":"i32","to":"address","recipient":"owner"}],
       "recipients":[{"name":"owner"}]}
      """;

  static final String OWNER = "0x00000000000000000000000000000000000000aa";
  static final long[] BIDS = {5, 3, 9};

  private DoorMember() {}

  static ValidatedCircuit circuit() {
    return CircuitValidator.validate(
        CircuitParser.parse(BEST_BID.getBytes(StandardCharsets.UTF_8)));
  }

  /** Arguments: self, n, cheater, the directory of its store, then n ports. */
  public static void main(String[] args) throws Exception {
    int self = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    int cheater = Integer.parseInt(args[2]);
    java.nio.file.Path storeDirectory = java.nio.file.Path.of(args[3]);
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      addresses.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[4 + i])));
    }
    List<PrivateKey> keys = TestCommittee.keys(n, 77);
    Committee committee = TestCommittee.committee(keys);
    CommitteeMember member = new CommitteeMember(committee, self, keys.get(self));
    ValidatedCircuit circuit = circuit();
    Protocol protocol = Protocols.select(n, new Workload.CircuitWorkload(circuit));
    TrafficCounters counters = new TrafficCounters();
    CommitteeNode node = new CommitteeNode(counters);
    try (RocksMemberStore store = RocksMemberStore.open(storeDirectory);
        CommitteeNetwork network =
            new CommitteeNetwork(
                committee,
                self,
                TlsIdentity.create(self, keys.get(self)),
                addresses,
                node.listener(),
                counters)) {
      node.attach(network);
      network.start();
      if (!network.awaitConnected(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("member " + self + " could not reach the committee");
      }
      ShareVector state = null;
      for (int run = 0; run < BIDS.length; run++) {
        ShareVector bid =
            protocol
                .inputFormat()
                .deal(
                    new BigInteger[] {BigInteger.valueOf(BIDS[run])},
                    n,
                    new SplittableRandom(100 + run))
                .get(self);
        Map<String, ShareVector> held = new HashMap<>();
        if (state != null) {
          held.put("best", run == 2 && self == cheater ? ShareText.altered(state) : state);
        }
        ComputationRequest request =
            new ComputationRequest(
                TestCommittee.id(200 + run),
                new Workload.CircuitWorkload(circuit),
                Map.of(),
                Map.of("owner", OWNER));
        Outcome<ComputationResult> outcome =
            node.compute(
                protocol.member(member, request, new MemberInputs(Map.of("bid", bid), held), store),
                "run" + run,
                Duration.ofSeconds(20),
                PhaseObserver.NONE);
        store.forget(request.id());
        switch (outcome) {
          case Outcome.Completed<ComputationResult> done -> {
            state = done.value().state().get("best");
            System.out.println(
                "RUN "
                    + run
                    + " completed "
                    + done.transcript().toHexString()
                    + " "
                    + done.value().publicOutputs().get("higher")[0]
                    + " "
                    + ShareText.encode(done.value().recipientShares().get("top").shares()));
          }
          case Outcome.Aborted<ComputationResult> aborted -> {
            Accusation a = aborted.accusation();
            String evidence =
                a instanceof Accusation.Proven p
                    ? " " + Bytes.wrap(Blames.encode(p.blame())).toHexString()
                    : "";
            System.out.println(
                "RUN " + run + " aborted " + a.getClass().getSimpleName() + evidence);
          }
        }
      }
      // a finished member may still owe evidence to one that saw a fault in the last round
      node.serve(Duration.ofSeconds(3));
    }
    System.exit(0);
  }
}

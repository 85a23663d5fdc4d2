package io.parley.zk.rep4;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.zk.computation.Blames;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Outcome;
import io.parley.zk.messages.Envelope;
import io.parley.zk.network.CommitteeNetwork;
import io.parley.zk.network.CommitteeNode;
import io.parley.zk.network.TlsIdentity;
import io.parley.zk.network.TrafficCounters;
import io.parley.zk.session.Action;
import io.parley.zk.session.ProtocolSession;
import io.parley.zk.testing.Fixtures;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * A wrong value in the last round (the opening) over real TLS links: the members that saw nothing
 * wrong finish, yet the victim still gets the third member's disclosure from its finished session
 * and ends with a verifiable blame of the cheater, not a timeout.
 */
class Rep4NetworkBlameTest {
  private static final int OPEN_STEP = 3;
  private static final int N = 5000;
  private static final byte[] KEY_SEED = {4, 2};

  /** A corrupt member: its opening values get an offset (re-signed, so the signature is valid). */
  private record Cheating<T>(ProtocolSession<T> inner) implements ProtocolSession<T> {
    private List<Action> tamper(List<Action> actions) {
      List<Action> out = new ArrayList<>();
      for (Action a : actions) {
        if (a instanceof Action.Send s
            && s.envelope().step() == OPEN_STEP
            && Tamper.hasValues(s.envelope())) {
          Envelope bad = Tamper.rewrite(s.envelope(), (p, v) -> v[v.length / 2] += 5, (p, d) -> {});
          out.add(new Action.Send(s.to(), bad));
        } else {
          out.add(a);
        }
      }
      return out;
    }

    @Override
    public List<Action> start() {
      return tamper(inner.start());
    }

    @Override
    public List<Action> onMessage(Envelope envelope) {
      return tamper(inner.onMessage(envelope));
    }

    @Override
    public List<Action> onTimeout(int step) {
      return tamper(inner.onTimeout(step));
    }

    @Override
    public Optional<Outcome<T>> outcome() {
      return inner.outcome();
    }
  }

  private static List<InetSocketAddress> addresses() throws Exception {
    List<InetSocketAddress> out = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
      held.add(s);
      out.add(new InetSocketAddress("127.0.0.1", s.getLocalPort()));
    }
    for (ServerSocket s : held) {
      s.close();
    }
    return out;
  }

  @Test
  void aLastRoundConflictEndsInABlameOverTheNetwork() throws Exception {
    int cheater = 0;
    int victim = 3; // receiver of the opening transfer whose sender is member 0
    SplittableRandom random = new SplittableRandom(11);
    long[] x = random.longs(N).toArray();
    long[] y = random.longs(N).toArray();
    Bytes32 id = Fixtures.id(11);
    List<InetSocketAddress> addresses = addresses();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<CommitteeNetwork> networks = new ArrayList<>();
    List<Future<Outcome<long[]>>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        int self = i;
        TrafficCounters counters = new TrafficCounters();
        CommitteeNode node = new CommitteeNode(counters);
        CommitteeNetwork network =
            new CommitteeNetwork(
                Rep4Net.COMMITTEE,
                i,
                TlsIdentity.create(i, Rep4Net.KEYS.get(i)),
                addresses,
                node.listener(),
                counters);
        node.attach(network);
        networks.add(network);
        network.start();
        outcomes.add(
            pool.submit(
                () -> {
                  if (!network.awaitConnected(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not connected");
                  }
                  ProtocolSession<long[]> session =
                      new Rep4Session<>(
                          Rep4Net.context(self, true, KEY_SEED, id), Programs.multiply(self, x, y));
                  if (self == cheater) {
                    session = new Cheating<>(session);
                  }
                  Outcome<long[]> outcome = node.run(session, id, "online", Duration.ofSeconds(10));
                  node.serve(Duration.ofSeconds(3));
                  return outcome;
                }));
      }
      Outcome<long[]> atVictim = outcomes.get(victim).get(60, TimeUnit.SECONDS);
      assertThat(atVictim).isInstanceOf(Outcome.Aborted.class);
      Accusation accusation = ((Outcome.Aborted<long[]>) atVictim).accusation();
      assertThat(accusation).isInstanceOf(Accusation.Proven.class);
      Accusation.Proven proven = (Accusation.Proven) accusation;
      assertThat(proven.blame().accused()).isEqualTo(cheater);
      assertThat(Blames.verifier(Rep4Net.COMMITTEE).verify(proven.blame()).valid()).isTrue();
      for (int i = 1; i < 3; i++) {
        Outcome<long[]> o = outcomes.get(i).get(60, TimeUnit.SECONDS);
        if (o instanceof Outcome.Aborted<long[]> a) {
          assertThat(a.accusation()).isInstanceOf(Accusation.Proven.class);
          assertThat(((Accusation.Proven) a.accusation()).blame().accused()).isEqualTo(cheater);
        } else {
          long[] product = ((Outcome.Completed<long[]>) o).value();
          assertThat(product[7]).isEqualTo(x[7] * y[7]);
        }
      }
    } finally {
      networks.forEach(CommitteeNetwork::close);
      pool.shutdownNow();
    }
  }
}

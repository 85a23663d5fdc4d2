package io.parley.mpc.testing;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.messages.Committee;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes32;

/** Deterministic committee keys and free loopback addresses for tests. */
public final class TestCommittee {
  private TestCommittee() {}

  public static List<PrivateKey> keys(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<PrivateKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      bytes[0] &= 0x7f; // below the curve order
      bytes[31] |= 1; // non-zero
      keys.add(PrivateKey.of(Bytes32.wrap(bytes)));
    }
    return keys;
  }

  public static Committee committee(List<PrivateKey> keys) {
    return new Committee(keys.stream().map(PrivateKey::publicKey).toList());
  }

  public static Bytes32 id(long seed) {
    byte[] bytes = new byte[32];
    new SplittableRandom(seed).nextBytes(bytes);
    return Bytes32.wrap(bytes);
  }

  /** n loopback addresses whose ports were free a moment ago. */
  public static List<InetSocketAddress> freeAddresses(int n) throws IOException {
    List<InetSocketAddress> out = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      held.add(s);
      out.add(new InetSocketAddress("127.0.0.1", s.getLocalPort()));
    }
    for (ServerSocket s : held) {
      s.close();
    }
    return out;
  }
}

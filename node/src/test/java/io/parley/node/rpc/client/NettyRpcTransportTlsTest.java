package io.parley.node.rpc.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.parley.base.crypto.KeyPair;
import io.parley.mpc.network.TlsIdentity;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * An {@code https://} URL is spoken over TLS with the JDK's trust store, as the JDK client does: a
 * server whose certificate nobody vouches for is refused, never trusted silently.
 */
class NettyRpcTransportTlsTest {
  @Test
  void serverWithAnUntrustedCertificateIsRefused() throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
    server.createContext("/", exchange -> exchange.close());
    server.start();
    URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    try (NettyClients clients = new NettyClients();
        RpcClient client = clients.rpcClient(uri, Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> client.call("chain_head"))
          .isInstanceOf(RpcClientException.class)
          .hasMessageStartingWith("cannot reach the node at " + uri)
          .hasMessageContaining("SSLHandshakeException");
    } finally {
      server.stop(0);
    }
  }

  private static SSLContext selfSigned() throws Exception {
    TlsIdentity identity = TlsIdentity.create(0, KeyPair.random().privateKey());
    char[] password = "test".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        identity.keyPair().getPrivate(),
        password,
        new Certificate[] {identity.certificate()});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }
}

package io.parley.mpc.network;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS implementation the committee links use: the JDK's by default, BoringSSL
 * (netty-tcnative, Linux x86-64) with {@code -Dparley.mpc.tls=boringssl} where its native library
 * loads (the JDK's otherwise). Both speak the same TLS 1.3 with the same certificates and the same
 * {@link CommitteeTrustManager}, so members with different choices interoperate. Measured side by
 * side (docs/benchmarks.md, 2026-12-08): BoringSSL makes a fresh member's first rep4 comparison
 * batch 1.2-1.6x faster (no JIT warm-up of the JDK's TLS code) but the steady state at 10^5
 * comparisons 0.8-0.9x, so the JDK stays the default.
 */
public final class CommitteeTls {
  /** The system property that picks BoringSSL. */
  public static final String PROPERTY = "parley.mpc.tls";

  private CommitteeTls() {}

  public static SslProvider provider() {
    boolean boring = "boringssl".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
    return boring && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }
}

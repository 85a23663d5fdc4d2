package io.parley.base.crypto;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Registers BouncyCastle once; Tuweni's Keccak-256 is looked up through the JCA. */
public final class CryptoProviders {
  private CryptoProviders() {}

  public static synchronized void ensureInstalled() {
    if (System.getProperty("org.apache.tuweni.crypto.useSodium") == null) {
      System.setProperty("org.apache.tuweni.crypto.useSodium", "false");
    }
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }
}

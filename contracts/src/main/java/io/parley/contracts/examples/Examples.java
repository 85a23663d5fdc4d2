package io.parley.contracts.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The example contracts of {@code contracts/examples}, shipped in this jar: the five applications
 * Parley is built for ({@code parley demo}) and the language's smaller examples. Each application
 * has a plain Java reference next to it, which computes in the clear what the committee computes on
 * shares: {@link PayGapReference}, {@link BankFraudReference}, {@link ThreatIntelReference}, {@link
 * AuctionReference}, {@link BallotReference}.
 */
public final class Examples {
  /** The applications' contracts, by file name. */
  public static final List<String> APPLICATIONS =
      List.of(
          "PayGap.par",
          "BankFraud.par",
          "ThreatIntel.par",
          "SecondPriceAuction.par",
          "SecretBallot.par");

  private Examples() {}

  /**
   * examples/ThreatIntel.par for {@code perOrganisation} indicators per organisation (1..100):
   * every size in the source scaled, the sorting networks over the smallest power of two of keys
   * that holds the five organisations' (at least 8), the rest unchanged. With 100 it is the source
   * as written (512 keys).
   */
  public static String threatIntel(int perOrganisation) {
    if (perOrganisation < 1 || perOrganisation > 100) {
      throw new IllegalArgumentException("indicators per organisation must be 1..100");
    }
    int levels = 3;
    while ((1 << levels) < 5 * perOrganisation) {
      levels++;
    }
    return threatIntel(perOrganisation, levels);
  }

  /** As {@link #threatIntel(int)} with {@code 2^levels} keys (at least 5 per organisation). */
  public static String threatIntel(int perOrganisation, int levels) {
    int keys = 1 << levels;
    String s = source("ThreatIntel.par");
    s = s.replace("[100]", "[" + perOrganisation + "]").replace("0..100", "0.." + perOrganisation);
    for (int o = 1; o < 5; o++) {
      s = s.replace(100 * o + " + j", perOrganisation * o + " + j");
    }
    s = s.replace("PER_ORGANISATION: u32 = 100", "PER_ORGANISATION: u32 = " + perOrganisation);
    s = s.replace("512", Integer.toString(keys)).replace("511 - t", (keys - 1) + " - t");
    return s.replace("0..9", "0.." + levels);
  }

  /** The source text of example {@code file} (for instance {@code PayGap.par}). */
  public static String source(String file) {
    try (InputStream in = Examples.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalArgumentException("no example contract " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read example contract " + file, e);
    }
  }
}

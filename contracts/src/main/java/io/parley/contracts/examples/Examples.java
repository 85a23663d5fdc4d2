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

package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.inputs.OffChainInputs;
import io.parley.sdk.inputs.SecretInputs;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code parley contract submit --elements-file}: many elements of a collection as one off-chain
 * input (docs/spec/secret-inputs.md section 9): the transaction with commitments and digests, its
 * receipt awaited, then each member's ciphertext delivered to its input endpoint, whose certificate
 * must be that member's. Values are never printed.
 */
final class OffChainSubmit {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest elements file read (1,024 elements of 64 values fit well within it). */
  private static final long MAX_FILE_BYTES = 8L << 20;

  private final CommitteeView view;
  private final CommitteeView.Collection collection;
  private final String name;
  private final ContractCommand.SendOptions send;

  OffChainSubmit(
      CommitteeView view,
      CommitteeView.Collection collection,
      String name,
      ContractCommand.SendOptions send) {
    this.view = view;
    this.collection = collection;
    this.name = name;
    this.send = send;
  }

  int submit(Path file, List<String> endpoints) throws InterruptedException {
    int n = view.committee().size();
    if (endpoints == null || endpoints.size() != n) {
      throw new CliException("--input-endpoints needs " + n + " https://host:port entries");
    }
    List<URI> uris = new ArrayList<>();
    for (String e : endpoints) {
      try {
        URI u = URI.create(e.trim());
        if (!"https".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
          throw new IllegalArgumentException();
        }
        uris.add(u);
      } catch (IllegalArgumentException ex) {
        throw new CliException("--input-endpoints: '" + e + "' is not https://host:port");
      }
    }
    List<List<BigInteger>> elements = read(file);
    OffChainInputs.Draft draft;
    try {
      draft = OffChainInputs.draft(view, name, elements);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    Optional<SentTransaction> sent = send.sendAndAwait(draft.template(), "off-chain input");
    if (sent.isEmpty()) {
      return 1;
    }
    for (int j = 0; j < n; j++) {
      try {
        OffChainInputs.deliver(
            uris.get(j),
            sent.get().hash(),
            j,
            draft.ciphertexts().get(j),
            view.committee().members().get(j).signing(),
            Duration.ofSeconds(60));
      } catch (IOException e) {
        throw new CliException(
            "delivery to member " + j + " at " + uris.get(j) + ": " + e.getMessage());
      }
      System.out.println("delivered member " + j + "'s ciphertext to " + uris.get(j));
    }
    System.out.println(
        elements.size()
            + " elements delivered; each is checked by the committee once every member has"
            + " acknowledged (zk_getComputation shows the checks)");
    return 0;
  }

  private List<List<BigInteger>> read(Path file) {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CliException("--elements-file: larger than " + MAX_FILE_BYTES + " bytes");
      }
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new CliException("--elements-file: not a readable JSON file");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new CliException("--elements-file: a JSON array of elements (arrays of values)");
    }
    List<List<BigInteger>> out = new ArrayList<>();
    for (int e = 0; e < root.size(); e++) {
      try {
        out.add(SecretInputs.fromJson(collection, root.get(e)));
      } catch (IllegalArgumentException ex) {
        throw new CliException("--elements-file: element " + e + ": " + ex.getMessage());
      }
    }
    return out;
  }
}

package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.inputs.SecretInputs;
import io.parley.sdk.rpc.RpcClientException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code parley contract submit}: seals one element of a contract's collection of secret inputs for
 * the committee (docs/spec/secret-inputs.md) and sends it as a kind-3 transaction. The values are
 * never printed or logged.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description =
        "Submit a secret input to a contract's collection: the values are shared, encrypted to"
            + " each committee member and committed; only the committee can read them.")
final class ContractSubmit implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--contract", required = true, description = "Contract address.")
  String contract;

  @Option(names = "--collection", required = true, description = "Collection name.")
  String collection;

  @Option(
      names = "--values",
      description =
          "The element's values as a JSON array in field order, e.g. '[52000, true]' (integers"
              + " as numbers or decimal strings).")
  String values;

  @Option(
      names = "--elements-file",
      description =
          "Many elements at once, off-chain (secret-inputs.md section 9): a JSON file holding an"
              + " array of elements, each an array of values in field order (at most 1024). Only"
              + " commitments and digests go on the chain; each member's ciphertext goes to its"
              + " --input-endpoints entry.")
  java.nio.file.Path elementsFile;

  @Option(
      names = "--input-endpoints",
      split = ",",
      description =
          "The members' input endpoints in member order, e.g."
              + " https://127.0.0.1:32745,https://127.0.0.1:32746,... (the devnet prints them)."
              + " Needed with --elements-file.")
  List<String> inputEndpoints;

  @Option(
      names = "--replace",
      description = "Replace your input at this index (collections without 'one per owner').")
  Long replace;

  @Mixin ContractCommand.SendOptions send;

  @Override
  public Integer call() throws InterruptedException {
    Address address = WalletCommand.parseAddress(contract, "--contract");
    CommitteeView view;
    try {
      view = CommitteeView.fetch(send.rpc.client(), address);
    } catch (RpcClientException e) {
      throw new CliException(e.getMessage() + " (code " + e.code() + ")");
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    CommitteeView.Collection c;
    try {
      c = SecretInputs.collectionOf(view, collection);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    if ((values == null) == (elementsFile == null)) {
      throw new CliException("give --values (one element) or --elements-file (many, off-chain)");
    }
    if (elementsFile != null) {
      if (replace != null) {
        throw new CliException("--replace: off-chain inputs add elements, they replace none");
      }
      return new OffChainSubmit(view, c, collection, send).submit(elementsFile, inputEndpoints);
    }
    List<BigInteger> parsed;
    try {
      parsed = SecretInputs.fromJson(c, parseValues());
    } catch (IllegalArgumentException e) {
      throw new CliException("--values: " + e.getMessage());
    }
    long target = replace == null ? 0 : replace + 1;
    if (replace != null && (replace < 0 || replace >= c.capacity())) {
      throw new CliException("--replace must be an index below " + c.capacity());
    }
    return send.sendSealed(
        TransactionKind.SECRET_INPUT,
        Optional.of(address),
        (chainId, sender, nonce) -> {
          try {
            return SecretInputs.seal(view, chainId, sender, nonce, collection, target, parsed);
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
          }
        },
        "secret input");
  }

  private JsonNode parseValues() {
    try {
      return JSON.readTree(values);
    } catch (java.io.IOException e) {
      throw new CliException("--values: not JSON");
    }
  }
}

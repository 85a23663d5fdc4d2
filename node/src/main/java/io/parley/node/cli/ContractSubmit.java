package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.sdk.inputs.CommitteeView;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.zk.inputs.InputContext;
import io.parley.zk.inputs.Sealer;
import io.parley.zk.inputs.SecretInputException;
import java.math.BigInteger;
import java.util.ArrayList;
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
      required = true,
      description =
          "The element's values as a JSON array in field order, e.g. '[52000, true]' (integers"
              + " as numbers or decimal strings).")
  String values;

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
    CommitteeView.Collection c =
        view.collection(collection)
            .orElseThrow(
                () -> new CliException("the contract has no collection '" + collection + "'"));
    List<BigInteger> parsed = parse(c);
    long target = replace == null ? 0 : replace + 1;
    if (replace != null && (replace < 0 || replace >= c.capacity())) {
      throw new CliException("--replace must be an index below " + c.capacity());
    }
    return send.sendSealed(
        TransactionKind.SECRET_INPUT,
        Optional.of(address),
        (chainId, sender, nonce) -> {
          try {
            return Sealer.seal(
                    view.committee(),
                    new InputContext(
                        chainId,
                        sender,
                        nonce,
                        address,
                        collection,
                        target,
                        view.committee().hash()),
                    parsed)
                .encode();
          } catch (SecretInputException e) {
            throw new CliException(e.getMessage());
          }
        },
        "secret input");
  }

  private List<BigInteger> parse(CommitteeView.Collection c) {
    JsonNode array;
    try {
      array = JSON.readTree(values);
    } catch (java.io.IOException e) {
      throw new CliException("--values: not JSON");
    }
    if (array == null || !array.isArray() || array.size() != c.fields().size()) {
      throw new CliException(
          "--values: a JSON array of " + c.fields().size() + " value(s) for " + c.fields());
    }
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      CommitteeView.Field f = c.fields().get(i);
      JsonNode v = array.get(i);
      BigInteger n;
      if (f.type().equals("bool")) {
        if (!v.isBoolean()) {
          throw new CliException("--values: field '" + f.name() + "' is a bool");
        }
        n = v.asBoolean() ? BigInteger.ONE : BigInteger.ZERO;
      } else {
        try {
          n = v.isTextual() ? new BigInteger(v.asText()) : v.bigIntegerValue();
        } catch (NumberFormatException e) {
          throw new CliException("--values: field '" + f.name() + "' is not an integer");
        }
        if (!v.isIntegralNumber() && !v.isTextual()) {
          throw new CliException("--values: field '" + f.name() + "' is not an integer");
        }
        int bits = Integer.parseInt(f.type().substring(1));
        boolean signed = f.type().startsWith("i");
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
        BigInteger max =
            signed
                ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
          throw new CliException(
              "--values: field '" + f.name() + "' is outside " + f.type() + " (value not shown)");
        }
      }
      out.add(n);
    }
    return out;
  }
}

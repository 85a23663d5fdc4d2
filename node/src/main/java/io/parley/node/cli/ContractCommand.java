package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.KeyPair;
import io.parley.base.tx.TransactionKind;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.ContractCompiler;
import io.parley.contracts.abi.Abi;
import io.parley.contracts.abi.AbiException;
import io.parley.contracts.abi.AbiJson;
import io.parley.contracts.abi.AbiTypes;
import io.parley.contracts.abi.Bundle;
import io.parley.contracts.abi.JsonValues;
import io.parley.contracts.abi.Payloads;
import io.parley.contracts.lang.CompileError;
import io.parley.contracts.lang.CompileException;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.contract.DeployInParts;
import io.parley.sdk.rpc.RpcClient;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley contract}: compile, deploy, call and query contracts (docs/spec/language.md). */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    description = "Create, compile, deploy, call and query contracts.",
    subcommands = {
      ContractNew.class,
      ContractCommand.Compile.class,
      ContractCommand.Deploy.class,
      ContractCommand.CallAction.class,
      ContractCommand.Query.class,
      ContractSubmit.class,
      ContractFacade.class,
      ContractOutput.class
    })
public final class ContractCommand implements Runnable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static CompiledContract compile(Path source) {
    try {
      return ContractCompiler.compile(source);
    } catch (CompileException e) {
      StringBuilder message = new StringBuilder(e.errors().size() + " compile error(s)");
      for (CompileError error : e.errors()) {
        message.append('\n').append(error.format());
      }
      throw new CliException(message.toString());
    } catch (IOException e) {
      throw new CliException("cannot read " + source + ": " + e.getMessage());
    }
  }

  static JsonNode parseArgs(String json) {
    try {
      return MAPPER.readTree(json == null ? "[]" : json);
    } catch (IOException e) {
      throw new CliException("--args is not JSON: " + e.getMessage());
    }
  }

  @Command(
      name = "compile",
      mixinStandardHelpOptions = true,
      description =
          "Compile a .par source: writes NAME.pbundle, NAME.abi.json, NAME.wasm and one"
              + " NAME.FUNCTION.circuit.json per confidential function.")
  static final class Compile implements Callable<Integer> {
    @Parameters(index = "0", description = "Contract source file.")
    Path source;

    @Option(names = "--out", description = "Output directory (default: next to the source).")
    Path out;

    @Override
    public Integer call() throws IOException {
      CompiledContract c = compile(source);
      Path dir = out != null ? out : source.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      String name = c.name();
      Files.write(dir.resolve(name + ".pbundle"), c.bundle().encode().toArrayUnsafe());
      Files.writeString(dir.resolve(name + ".abi.json"), c.abiJson(), StandardCharsets.UTF_8);
      Files.write(dir.resolve(name + ".wasm"), c.wasm().toArrayUnsafe());
      for (Map.Entry<String, String> circuit : c.circuits().entrySet()) {
        Files.writeString(
            dir.resolve(name + "." + circuit.getKey() + ".circuit.json"), circuit.getValue());
      }
      System.out.println(
          "compiled "
              + name
              + ": wasm "
              + c.wasm().size()
              + " bytes, "
              + c.circuits().size()
              + " circuit(s), code hash "
              + c.bundle().codeHash());
      System.out.println("wrote " + dir.resolve(name + ".pbundle"));
      return 0;
    }
  }

  /** Signing and sending options shared by deploy and call. */
  static final class SendOptions {
    @Mixin RpcOptions rpc;

    @ArgGroup(exclusive = true, multiplicity = "1")
    WalletCommand.Send.Signer signer;

    @Mixin WalletCommand.KeystoreOptions keystore;

    @Option(
        names = "--gas-limit",
        defaultValue = "5000000",
        description = "Gas limit (default: ${DEFAULT-VALUE}).")
    long gasLimit;

    @Option(
        names = "--gas-price",
        defaultValue = "1",
        description = "Gas price in base units (default: ${DEFAULT-VALUE}).")
    String gasPrice;

    @Option(
        names = "--value",
        defaultValue = "0",
        description = "PAR sent with the transaction, e.g. 1.5.")
    String value;

    @Option(names = "--wait", description = "Wait until the transaction is committed.")
    boolean waitForReceipt;

    private KeyPair key;

    /** The signing key, unlocked once per command (a keystore asks for its password once). */
    KeyPair unlock() {
      if (key == null) {
        key = signer.unlock(keystore);
      }
      return key;
    }

    /**
     * The deploy payload for {@code bundleEncoding}: the direct one when it fits one transaction;
     * otherwise the bundle is uploaded in parts first (docs/spec/deploy-in-parts.md, every part's
     * receipt awaited, each part printed) and the payload names the upload by its code hash.
     */
    Bytes deployPayload(Bytes bundleEncoding, Bytes encodedInit) throws InterruptedException {
      ParleyClient client = new ParleyClient(rpc.client());
      try {
        UInt256 price = UInt256.valueOf(new BigInteger(gasPrice));
        DeployInParts.Prepared prepared =
            DeployInParts.prepare(
                client,
                unlock(),
                bundleEncoding,
                encodedInit,
                Optional.of(price),
                Duration.ofSeconds(60),
                line -> System.out.println("upload " + line));
        if (prepared.parts() > 0) {
          System.out.println(
              "uploaded "
                  + bundleEncoding.size()
                  + " bytes in "
                  + prepared.parts()
                  + " parts ("
                  + prepared.sent().size()
                  + " sent now); deploying by code hash "
                  + Hashing.keccak256(bundleEncoding));
        }
        return prepared.deployPayload();
      } catch (IllegalArgumentException e) {
        throw new CliException("--gas-price: " + e.getMessage());
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage() + (e.code() != 0 ? " (code " + e.code() + ")" : ""));
      }
    }

    /** A payload that depends on the chain, the sender and the nonce it is signed with. */
    @FunctionalInterface
    interface PayloadFor {
      Bytes build(long chainId, Address sender, long nonce);
    }

    /** Signs and sends; returns the sender's nonce used. */
    int send(TransactionKind kind, Optional<Address> to, Bytes payload, String what)
        throws InterruptedException {
      return sendSealed(kind, to, (chainId, sender, nonce) -> payload, what);
    }

    /**
     * Signs and sends {@code draft} (its gas limit, or the option's if larger) and waits for its
     * receipt, printed; empty if it failed.
     */
    Optional<SentTransaction> sendAndAwait(TransactionTemplate draft, String what)
        throws InterruptedException {
      ParleyClient client = new ParleyClient(rpc.client());
      try {
        TransactionTemplate t =
            draft
                .withGasPrice(UInt256.valueOf(new BigInteger(gasPrice)))
                .withGasLimit(Math.max(gasLimit, draft.gasLimit().orElse(0)));
        SentTransaction sent = client.send(t, unlock());
        System.out.println(what + " transaction " + sent.hash() + " (nonce " + sent.nonce() + ")");
        return ReceiptWaiter.await(client.rpc(), sent.hash().toHexString()) == 0
            ? Optional.of(sent)
            : Optional.empty();
      } catch (IllegalArgumentException e) {
        throw new CliException("--gas-price: " + e.getMessage());
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage() + (e.code() != 0 ? " (code " + e.code() + ")" : ""));
      }
    }

    /**
     * Signs and sends a payload built for the sender and nonce it goes out with: the sdk's {@link
     * ParleyClient} fills the chain id and the nonce from the node; gas price and limit are the
     * options'.
     */
    int sendSealed(TransactionKind kind, Optional<Address> to, PayloadFor payloadFor, String what)
        throws InterruptedException {
      KeyPair key = unlock();
      ParleyClient client = new ParleyClient(rpc.client());
      try {
        UInt256 amount = Amounts.parsePar(value);
        UInt256 price = UInt256.valueOf(new BigInteger(gasPrice));
        TransactionTemplate draft =
            new TransactionTemplate(
                kind,
                to,
                amount,
                payloadFor::build,
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.of(price),
                OptionalLong.of(gasLimit));
        SentTransaction sent = client.send(draft, key);
        sent.contractAddress().ifPresent(a -> System.out.println("contract address " + a));
        System.out.println(what + " transaction " + sent.hash() + " (nonce " + sent.nonce() + ")");
        return waitForReceipt ? ReceiptWaiter.await(client.rpc(), sent.hash().toHexString()) : 0;
      } catch (IllegalArgumentException e) {
        throw new CliException("--value/--gas-price: " + e.getMessage());
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage() + (e.code() != 0 ? " (code " + e.code() + ")" : ""));
      }
    }
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = "Deploy a contract from a .par source or a .pbundle file.")
  static final class Deploy implements Callable<Integer> {
    @Parameters(index = "0", description = "Contract source (.par) or bundle (.pbundle).")
    Path file;

    @Option(
        names = "--args",
        description = "init arguments as a JSON array, e.g. '[\"0x50\", 1000]'.")
    String args;

    @Mixin SendOptions send;

    @Override
    public Integer call() throws IOException, InterruptedException {
      Bundle bundle;
      if (file.toString().endsWith(".pbundle")) {
        try {
          bundle = Bundle.decode(Bytes.wrap(Files.readAllBytes(file)));
        } catch (AbiException e) {
          throw new CliException(file + ": " + e.getMessage());
        }
      } else {
        bundle = compile(file).bundle();
      }
      Abi abi = bundle.abi();
      Bytes encoded = encode(abi, abi.init().map(Abi.FunctionDef::inputs).orElse(List.of()), args);
      return send.send(
          TransactionKind.DEPLOY,
          Optional.empty(),
          send.deployPayload(bundle.encode(), encoded),
          "deploy");
    }
  }

  static Bytes encode(Abi abi, List<Abi.Param> params, String args) {
    try {
      return JsonValues.encodeArguments(new AbiTypes(abi.structs()), params, parseArgs(args));
    } catch (AbiException | IllegalArgumentException e) {
      throw new CliException("--args: " + e.getMessage());
    }
  }

  static Abi remoteAbi(RpcClient client, Address contract) {
    try {
      return AbiJson.read(client.call("contract_getAbi", contract.toHexString()).toString());
    } catch (RpcClientException e) {
      throw new CliException(e.getMessage());
    }
  }

  @Command(
      name = "call",
      mixinStandardHelpOptions = true,
      description = "Call an action of a deployed contract.")
  static final class CallAction implements Callable<Integer> {
    @Option(names = "--contract", required = true, description = "Contract address.")
    String contract;

    @Option(names = "--function", required = true, description = "Action name.")
    String function;

    @Option(names = "--args", description = "Arguments as a JSON array.")
    String args;

    @Mixin SendOptions send;

    @Override
    public Integer call() throws InterruptedException {
      Address address = WalletCommand.parseAddress(contract, "--contract");
      Abi abi = remoteAbi(send.rpc.client(), address);
      Abi.FunctionDef def =
          abi.action(function)
              .orElseThrow(() -> new CliException("contract has no action '" + function + "'"));
      Bytes encoded = encode(abi, def.inputs(), args);
      return send.send(
          TransactionKind.CALL, Optional.of(address), Payloads.call(function, encoded), "call");
    }
  }

  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = "Query a view of a deployed contract.")
  static final class Query implements Callable<Integer> {
    @Mixin RpcOptions rpc;

    @Option(names = "--contract", required = true, description = "Contract address.")
    String contract;

    @Option(names = "--function", required = true, description = "View name.")
    String function;

    @Option(names = "--args", description = "Arguments as a JSON array.")
    String args;

    @Override
    public Integer call() {
      Address address = WalletCommand.parseAddress(contract, "--contract");
      try {
        JsonNode result =
            rpc.client().call("contract_query", address.toHexString(), function, parseArgs(args));
        System.out.println(result.get("value"));
        return 0;
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage() + (e.code() != 0 ? " (code " + e.code() + ")" : ""));
      }
    }
  }
}

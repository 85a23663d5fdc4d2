package io.parley.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import io.parley.base.types.Amounts;
import io.parley.genesis.KeyFiles;
import io.parley.sdk.ParleyClient;
import io.parley.sdk.SentTransaction;
import io.parley.sdk.keys.Keystore;
import io.parley.sdk.keys.KeystoreDirectory;
import io.parley.sdk.rpc.RpcClientException;
import io.parley.sdk.tx.TransactionTemplate;
import io.parley.sdk.tx.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.tuweni.units.bigints.UInt256;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley wallet}: keys in Web3 Secret Storage files, balances and transfers. */
@Command(
    name = "wallet",
    mixinStandardHelpOptions = true,
    description = "Manage keys and send transfers.",
    subcommands = {
      WalletCommand.New.class,
      WalletCommand.ListAddresses.class,
      WalletCommand.Balance.class,
      WalletCommand.Send.class,
      TxCommand.class
    })
public final class WalletCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where key files live and how to unlock them. */
  static final class KeystoreOptions {
    @Option(
        names = "--keystore",
        defaultValue = "${sys:user.home}/.parley/keystore",
        description = "Key file directory (default: ${DEFAULT-VALUE}).")
    Path keystore;

    @Option(
        names = "--password-file",
        description = "Read the passphrase from this file instead of the terminal.")
    Path passwordFile;

    KeystoreDirectory directory() {
      return new KeystoreDirectory(keystore);
    }
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Create a key, encrypted with a passphrase.")
  static final class New implements Callable<Integer> {
    @Mixin KeystoreOptions options;

    @Option(names = "--scrypt-n", defaultValue = "262144", hidden = true)
    int scryptN;

    @Override
    public Integer call() {
      char[] passphrase = Passphrases.read(options.passwordFile, true);
      KeyPair key = KeyPair.random();
      Path file =
          options.directory().store(Keystore.encrypt(key, passphrase, scryptN), key.address());
      System.out.println("address  " + key.address());
      System.out.println("key file " + file);
      return 0;
    }
  }

  @Command(
      name = "address",
      mixinStandardHelpOptions = true,
      description = "List the addresses in the keystore.")
  static final class ListAddresses implements Callable<Integer> {
    @Mixin KeystoreOptions options;

    @Override
    public Integer call() {
      var entries = options.directory().list();
      if (entries.isEmpty()) {
        System.out.println(
            "no keys in " + options.keystore + " (create one with: parley wallet new)");
      }
      entries.forEach((address, file) -> System.out.println(address + "  " + file));
      return 0;
    }
  }

  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = "Show an account's balance and nonce.")
  static final class Balance implements Callable<Integer> {
    @Mixin RpcOptions rpc;

    @Option(names = "--address", required = true, description = "Account address (0x...).")
    String address;

    @Override
    public Integer call() {
      Address account = parseAddress(address, "--address");
      try {
        JsonNode a = rpc.client().call("state_getAccount", account.toHexString());
        UInt256 balance =
            UInt256.valueOf(new BigInteger(a.get("balance").asText().substring(2), 16));
        System.out.println("address  " + account);
        System.out.println(
            "balance  "
                + Amounts.formatPar(balance)
                + " PAR ("
                + balance.toDecimalString()
                + " units)");
        System.out.println(
            "nonce    "
                + Long.decode(a.get("nonce").asText())
                + " (next: "
                + Long.decode(a.get("pendingNonce").asText())
                + ")");
        System.out.println("at block " + Long.decode(a.get("blockNumber").asText()));
        return 0;
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage());
      }
    }
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = "Sign and send a transfer.")
  static final class Send implements Callable<Integer> {
    @Mixin RpcOptions rpc;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signer signer;

    static final class Signer {
      @Option(names = "--from", description = "Address of a key in the keystore.")
      String from;

      /** The key named by --key-file, or --from unlocked from the keystore. */
      KeyPair unlock(KeystoreOptions keystore) {
        if (keyFile != null) {
          return KeyPair.of(KeyFiles.read(keyFile));
        }
        Address address = parseAddress(from, "--from");
        try {
          return Keystore.decrypt(
              keystore.directory().read(address), Passphrases.read(keystore.passwordFile, false));
        } catch (Keystore.KeystoreException e) {
          throw new CliException(e.getMessage());
        }
      }

      @Option(
          names = "--key-file",
          description = "A plain key file (mode 0600), e.g. a devnet account.")
      Path keyFile;
    }

    @Mixin KeystoreOptions options;

    @Option(names = "--to", required = true, description = "Recipient address.")
    String to;

    @Option(names = "--amount", required = true, description = "Amount in PAR, e.g. 1.5.")
    String amount;

    @Option(
        names = "--gas-price",
        defaultValue = "1",
        description = "Gas price in base units (default: ${DEFAULT-VALUE}).")
    String gasPrice;

    @Option(
        names = "--gas-limit",
        defaultValue = "21000",
        description = "Gas limit (default: ${DEFAULT-VALUE}).")
    long gasLimit;

    @Option(names = "--nonce", description = "Nonce (default: the account's next one).")
    Long nonce;

    @Option(names = "--wait", description = "Wait until the transfer is committed.")
    boolean waitForReceipt;

    @Override
    public Integer call() throws InterruptedException {
      KeyPair key = unlock();
      Address recipient = parseAddress(to, "--to");
      UInt256 value;
      UInt256 price;
      try {
        value = Amounts.parsePar(amount);
        price = UInt256.valueOf(new BigInteger(gasPrice));
      } catch (IllegalArgumentException e) {
        throw new CliException("--amount/--gas-price: " + e.getMessage());
      }
      ParleyClient client = new ParleyClient(rpc.client());
      try {
        TransactionTemplate transfer =
            Transactions.transfer(recipient, value).withGasPrice(price).withGasLimit(gasLimit);
        if (nonce != null) {
          transfer = transfer.withNonce(nonce);
        }
        SentTransaction sent = client.send(transfer, key);
        System.out.println(
            "sent " + Amounts.formatPar(value) + " PAR from " + key.address() + " to " + recipient);
        System.out.println("transaction " + sent.hash() + " (nonce " + sent.nonce() + ")");
        if (waitForReceipt) {
          return ReceiptWaiter.await(client.rpc(), sent.hash().toHexString());
        }
        return 0;
      } catch (RpcClientException e) {
        throw new CliException(e.getMessage() + (e.code() != 0 ? " (code " + e.code() + ")" : ""));
      }
    }

    private KeyPair unlock() {
      return signer.unlock(options);
    }
  }

  static Address parseAddress(String text, String option) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(option + ": " + e.getMessage());
    }
  }
}

package io.parley.genesis;

import io.parley.base.block.Validator;
import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import io.parley.base.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Writes a new network's genesis.json and key files: {@code validator-<i>/key}, {@code mpc-<j>/key}
 * (signing), {@code mpc-<j>/encryption.key} (secret inputs), the same under {@code
 * mpc-standby-<s>/} for standby members, and {@code accounts/account-<k>.key}, each 0600. The
 * accounts are funded in the genesis allocation.
 */
public final class GenesisGenerator {

  /** What to generate. */
  public record Request(
      long chainId,
      int validators,
      int mpcNodes,
      int accounts,
      UInt256 accountBalance,
      long timestamp,
      ConsensusParameters consensus,
      ExecutionParameters execution,
      Optional<String> mpcProtocol,
      int mpcStandby) {
    public Request(
        long chainId,
        int validators,
        int mpcNodes,
        int accounts,
        UInt256 accountBalance,
        long timestamp,
        ConsensusParameters consensus,
        ExecutionParameters execution,
        Optional<String> mpcProtocol) {
      this(
          chainId,
          validators,
          mpcNodes,
          accounts,
          accountBalance,
          timestamp,
          consensus,
          execution,
          mpcProtocol,
          0);
    }

    public Request(
        long chainId,
        int validators,
        int mpcNodes,
        int accounts,
        UInt256 accountBalance,
        long timestamp,
        ConsensusParameters consensus,
        ExecutionParameters execution) {
      this(
          chainId,
          validators,
          mpcNodes,
          accounts,
          accountBalance,
          timestamp,
          consensus,
          execution,
          Optional.empty());
    }

    public Request {
      if (validators < 1 || validators > 100) {
        throw new GenesisException("--validators must be in [1, 100]");
      }
      if (mpcNodes != 0 && (mpcNodes < 4 || mpcNodes > 31)) {
        throw new GenesisException("--mpc-nodes must be 0 or in [4, 31] (n = 3t + 1 with t >= 1)");
      }
      if (mpcStandby < 0 || mpcStandby > mpcNodes) {
        throw new GenesisException(
            "--mpc-standby must be in [0, " + mpcNodes + "] (at most one per seat)");
      }
      if (accounts < 0 || accounts > 100_000) {
        throw new GenesisException("--accounts must be in [0, 100000]");
      }
    }
  }

  /** The generated genesis and the keys, in the order written. */
  public record Result(
      Path directory,
      Genesis genesis,
      List<KeyPair> validatorKeys,
      List<KeyPair> mpcKeys,
      List<KeyPair> mpcEncryptionKeys,
      List<KeyPair> accountKeys,
      List<KeyPair> standbyKeys,
      List<KeyPair> standbyEncryptionKeys) {}

  private GenesisGenerator() {}

  public static Result generate(Request request, Path outDir) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new GenesisException("cannot create " + outDir + ": " + e.getMessage(), e);
    }
    Path genesisFile = outDir.resolve("genesis.json");
    if (Files.exists(genesisFile)) {
      throw new GenesisException("refusing to overwrite " + genesisFile);
    }
    List<KeyPair> validatorKeys = generateKeys(request.validators());
    List<KeyPair> mpcKeys = generateKeys(request.mpcNodes());
    List<KeyPair> mpcEncryptionKeys = generateKeys(request.mpcNodes());
    List<KeyPair> accountKeys = generateKeys(request.accounts());
    List<KeyPair> standbyKeys = generateKeys(request.mpcStandby());
    List<KeyPair> standbyEncryptionKeys = generateKeys(request.mpcStandby());
    List<MpcCommittee.Standby> standby = new ArrayList<>();
    for (int s = 0; s < standbyKeys.size(); s++) {
      standby.add(
          new MpcCommittee.Standby(
              Validator.of(standbyKeys.get(s).publicKey()),
              standbyEncryptionKeys.get(s).publicKey()));
    }
    List<Allocation> alloc = new ArrayList<>();
    for (KeyPair account : accountKeys) {
      alloc.add(new Allocation(account.address(), request.accountBalance()));
    }
    GenesisConfig config =
        new GenesisConfig(
            request.chainId(),
            request.timestamp(),
            alloc,
            new ValidatorSet(validatorKeys.stream().map(k -> Validator.of(k.publicKey())).toList()),
            MpcCommittee.of(
                    mpcKeys.stream().map(k -> Validator.of(k.publicKey())).toList(),
                    request.mpcProtocol(),
                    mpcEncryptionKeys.stream().map(KeyPair::publicKey).toList())
                .withStandby(standby),
            request.consensus(),
            request.execution());
    for (int i = 0; i < validatorKeys.size(); i++) {
      KeyFiles.write(
          outDir.resolve("validator-" + i).resolve("key"), validatorKeys.get(i).privateKey());
    }
    for (int j = 0; j < mpcKeys.size(); j++) {
      KeyFiles.write(outDir.resolve("mpc-" + j).resolve("key"), mpcKeys.get(j).privateKey());
      KeyFiles.write(
          outDir.resolve("mpc-" + j).resolve("encryption.key"),
          mpcEncryptionKeys.get(j).privateKey());
    }
    for (int s = 0; s < standbyKeys.size(); s++) {
      Path dir = outDir.resolve("mpc-standby-" + s);
      KeyFiles.write(dir.resolve("key"), standbyKeys.get(s).privateKey());
      KeyFiles.write(dir.resolve("encryption.key"), standbyEncryptionKeys.get(s).privateKey());
    }
    for (int k = 0; k < accountKeys.size(); k++) {
      KeyFiles.write(
          outDir.resolve("accounts").resolve("account-" + k + ".key"),
          accountKeys.get(k).privateKey());
    }
    try {
      Files.writeString(genesisFile, GenesisJson.write(config));
    } catch (IOException e) {
      throw new GenesisException("cannot write " + genesisFile + ": " + e.getMessage(), e);
    }
    return new Result(
        outDir,
        Genesis.of(config),
        validatorKeys,
        mpcKeys,
        mpcEncryptionKeys,
        accountKeys,
        standbyKeys,
        standbyEncryptionKeys);
  }

  private static List<KeyPair> generateKeys(int count) {
    List<KeyPair> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(KeyPair.random());
    }
    return keys;
  }

  /** Convenience for callers that hold an address list to fund. */
  public static List<Address> addresses(List<KeyPair> keys) {
    return keys.stream().map(KeyPair::address).toList();
  }
}

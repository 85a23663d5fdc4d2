package io.parley.base.state;

import io.parley.base.encoding.Rlp;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * An account in the state tree. {@code codeHash} is zero for accounts without code and {@code
 * storageRoot} is zero for empty storage. An account equal to {@link #EMPTY} is absent from the
 * tree. Encoding: RLP([nonce, balance, codeHash, storageRoot]).
 */
public record Account(long nonce, UInt256 balance, Bytes32 codeHash, Bytes32 storageRoot) {
  public static final Account EMPTY = new Account(0, UInt256.ZERO, Bytes32.ZERO, Bytes32.ZERO);

  public Account {
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(storageRoot, "storageRoot");
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must be non-negative");
    }
  }

  public static Account ofBalance(UInt256 balance) {
    return new Account(0, balance, Bytes32.ZERO, Bytes32.ZERO);
  }

  public boolean isEmpty() {
    return equals(EMPTY);
  }

  public boolean hasCode() {
    return !codeHash.isZero();
  }

  public Account withNonce(long newNonce) {
    return new Account(newNonce, balance, codeHash, storageRoot);
  }

  public Account withBalance(UInt256 newBalance) {
    return new Account(nonce, newBalance, codeHash, storageRoot);
  }

  public Account withCode(Bytes32 newCodeHash) {
    return new Account(nonce, balance, newCodeHash, storageRoot);
  }

  public Account withStorageRoot(Bytes32 newStorageRoot) {
    return new Account(nonce, balance, codeHash, newStorageRoot);
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(nonce);
          w.writeValue(Rlp.minimal(balance));
          w.writeValue(codeHash);
          w.writeValue(storageRoot);
        });
  }

  public static Account decode(Bytes input) {
    return Rlp.decodeCanonical(input, "account", Account::read, Account::encode);
  }

  private static Account read(RLPReader r) {
    long nonce = Rlp.readUint63(r, "nonce");
    UInt256 balance = Rlp.readUint256(r, "balance");
    Bytes32 codeHash = Rlp.readBytes32(r, "codeHash");
    Bytes32 storageRoot = Rlp.readBytes32(r, "storageRoot");
    Rlp.requireComplete(r, "account");
    return new Account(nonce, balance, codeHash, storageRoot);
  }
}

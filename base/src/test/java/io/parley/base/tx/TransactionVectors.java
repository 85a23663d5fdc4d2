package io.parley.base.tx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.base.crypto.KeyPair;
import io.parley.base.crypto.PrivateKey;
import io.parley.base.types.Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Writes docs/spec/vectors/transactions.json. Run once when the format changes: {@code java ...
 * io.parley.base.tx.TransactionVectors docs/spec/vectors/transactions.json}. {@link
 * TransactionVectorsTest} checks the committed file against the implementation.
 */
public final class TransactionVectors {
  static final List<String> KEYS =
      List.of(
          "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
          "0x0000000000000000000000000000000000000000000000000000000000000001",
          "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140");

  static List<Transaction> transactions() {
    Address bob = Address.fromHex("0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
    return List.of(
        Transaction.transfer(
            1337, 0, bob, UInt256.valueOf(1_000_000_000_000_000_000L), UInt256.ONE, 21_000),
        Transaction.transfer(1, 0, bob, UInt256.ZERO, UInt256.ZERO, 0),
        new Transaction(
            1337,
            255,
            TransactionKind.CALL,
            UInt256.valueOf(7),
            100_000,
            Optional.of(bob),
            UInt256.valueOf(256),
            Bytes.fromHexString("0xdeadbeef")),
        new Transaction(
            42,
            Long.MAX_VALUE,
            TransactionKind.DEPLOY,
            UInt256.MAX_VALUE,
            5_000_000,
            Optional.empty(),
            UInt256.ZERO,
            Bytes.fromHexString("0x0061736d01000000")));
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put(
        "description",
        "Parley transaction test vectors; see docs/spec/transactions.md. Integers are decimal"
            + " strings, except kind and v (JSON numbers); byte strings are 0x-prefixed hex, \"0x\""
            + " when empty (the to of a deploy).");
    ArrayNode valid = root.putArray("valid");
    int i = 0;
    for (Transaction tx : transactions()) {
      KeyPair pair = KeyPair.of(PrivateKey.fromHex(KEYS.get(i % KEYS.size())));
      SignedTransaction signed = tx.sign(pair);
      ObjectNode v = valid.addObject();
      v.put("privateKey", KEYS.get(i % KEYS.size()));
      v.put("publicKey", pair.publicKey().toHexString());
      v.put("sender", pair.address().toHexString());
      ObjectNode fields = v.putObject("transaction");
      fields.put("chainId", Long.toString(tx.chainId()));
      fields.put("nonce", Long.toString(tx.nonce()));
      fields.put("kind", tx.kind().code());
      fields.put("gasPrice", tx.gasPrice().toBigInteger().toString());
      fields.put("gasLimit", Long.toString(tx.gasLimit()));
      fields.put("to", tx.to().map(Address::toHexString).orElse("0x"));
      fields.put("value", tx.value().toBigInteger().toString());
      fields.put("payload", tx.payload().toHexString());
      v.put("unsignedEncoding", tx.encode().toHexString());
      v.put("signingHash", tx.signingHash().toHexString());
      v.put("r", signed.signature().r().toHexString());
      v.put("s", signed.signature().s().toHexString());
      v.put("v", signed.signature().recoveryId());
      v.put("signedEncoding", signed.encoded().toHexString());
      v.put("hash", signed.hash().toHexString());
      i++;
    }
    ArrayNode invalid = root.putArray("invalid");
    SignedTransaction first = transactions().get(0).sign(PrivateKey.fromHex(KEYS.get(0)));
    Bytes enc = first.encoded();
    addInvalid(
        invalid,
        "trailing byte after the list",
        Bytes.concatenate(enc, Bytes.of(0)),
        "non-canonical");
    addInvalid(invalid, "truncated", enc.slice(0, enc.size() - 1), "malformed");
    addInvalid(invalid, "not a list", Bytes.fromHexString("0x8180"), "malformed");
    Bytes r = first.signature().r().trimLeadingZeros();
    Bytes s = first.signature().s().trimLeadingZeros();
    Bytes v = Bytes.of(first.signature().recoveryId()).trimLeadingZeros();
    Bytes to = first.transaction().to().orElseThrow().bytes();
    Bytes highS =
        Bytes.wrap(
                io.parley.base.crypto.Secp256k1.CURVE_ORDER
                    .subtract(first.signature().s().toUnsignedBigInteger())
                    .toByteArray())
            .trimLeadingZeros();
    addInvalid(
        invalid,
        "nonce with a leading zero byte",
        raw(Bytes.of(0, 1), Bytes.EMPTY, to, v, r, s),
        "leading zero");
    addInvalid(
        invalid,
        "unknown kind 9",
        raw(Bytes.EMPTY, Bytes.of(9), to, v, r, s),
        "unknown transaction kind");
    addInvalid(
        invalid,
        "recipient of 19 bytes",
        raw(Bytes.EMPTY, Bytes.EMPTY, to.slice(1), v, r, s),
        "to must be empty or 20 bytes");
    addInvalid(
        invalid,
        "transfer without recipient",
        raw(Bytes.EMPTY, Bytes.EMPTY, Bytes.EMPTY, v, r, s),
        "requires a recipient");
    addInvalid(
        invalid,
        "recovery id 2",
        raw(Bytes.EMPTY, Bytes.EMPTY, to, Bytes.of(2), r, s),
        "recovery id");
    ObjectNode high = invalid.addObject();
    high.put("description", "high-s signature (decodes, but has no valid sender)");
    high.put("raw", raw(Bytes.EMPTY, Bytes.EMPTY, to, v, r, highS).toHexString());
    high.put("error", "invalid signature");
    Path out = Path.of(args.length > 0 ? args[0] : "docs/spec/vectors/transactions.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, mapper.writeValueAsString(root) + "\n");
  }

  /** Transaction 0's fields with the given nonce, kind, to, v, r, s value bytes. */
  private static Bytes raw(Bytes nonce, Bytes kind, Bytes to, Bytes v, Bytes r, Bytes s) {
    Transaction tx = transactions().get(0);
    return org.apache.tuweni.rlp.RLP.encodeList(
        w -> {
          w.writeLong(tx.chainId());
          w.writeValue(nonce);
          w.writeValue(kind);
          w.writeValue(tx.gasPrice().toMinimalBytes());
          w.writeLong(tx.gasLimit());
          w.writeValue(to);
          w.writeValue(tx.value().toMinimalBytes());
          w.writeValue(tx.payload());
          w.writeValue(v);
          w.writeValue(r);
          w.writeValue(s);
        });
  }

  private static void addInvalid(ArrayNode invalid, String description, Bytes raw, String error) {
    ObjectNode n = invalid.addObject();
    n.put("description", description);
    n.put("raw", raw.toHexString());
    n.put("error", error);
  }
}

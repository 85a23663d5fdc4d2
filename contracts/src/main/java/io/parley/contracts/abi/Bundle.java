package io.parley.contracts.abi;

import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.EncodingException;
import io.parley.base.encoding.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;

/**
 * The artifact bundle: {@code RLP([ascii("parley-bundle/1"), abiJson, wasm, [[circuitName,
 * circuitJson], ...]])} with circuits sorted by name. The contract's code hash is keccak256 of it.
 */
public record Bundle(String abiJson, Bytes wasm, SortedMap<String, String> circuits) {
  public static final String MAGIC = "parley-bundle/1";

  public Bundle {
    circuits = Collections.unmodifiableSortedMap(new TreeMap<>(circuits));
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeValue(ascii(MAGIC));
          w.writeValue(utf8(abiJson));
          w.writeValue(wasm);
          w.writeList(
              l -> {
                for (Map.Entry<String, String> c : circuits.entrySet()) {
                  l.writeList(
                      e -> {
                        e.writeValue(ascii(c.getKey()));
                        e.writeValue(utf8(c.getValue()));
                      });
                }
              });
        });
  }

  public Bytes32 codeHash() {
    return Hashing.keccak256(encode());
  }

  public Abi abi() {
    return AbiJson.read(abiJson);
  }

  public static Bundle decode(Bytes encoded) {
    return decode(encoded, true);
  }

  /**
   * Decodes a bundle that passed {@link #decode} when it was deployed, read back from the state by
   * its code hash: the canonical-encoding check (a re-encoding of the whole bundle) is not run
   * again (docs/adr/0050-code-loading-priced.md).
   */
  public static Bundle decodeDeployed(Bytes encoded) {
    return decode(encoded, false);
  }

  private static Bundle decode(Bytes encoded, boolean checkCanonical) {
    try {
      List<Bytes> items = Rlp.splitList(encoded, "bundle");
      if (items.size() != 4) {
        throw new AbiException("bundle must have 4 items, found " + items.size());
      }
      String magic = string(items.get(0));
      if (!MAGIC.equals(magic)) {
        throw new AbiException("bundle does not start with " + MAGIC);
      }
      String abi = string(items.get(1));
      Bytes wasm = RLP.decodeValue(items.get(2));
      TreeMap<String, String> circuits = new TreeMap<>();
      String previous = null;
      for (Bytes entry : Rlp.splitList(items.get(3), "bundle circuits")) {
        List<Bytes> pair = Rlp.splitList(entry, "bundle circuit");
        if (pair.size() != 2) {
          throw new AbiException("a bundle circuit is [name, json]");
        }
        String name = string(pair.get(0));
        if (previous != null && previous.compareTo(name) >= 0) {
          throw new AbiException("bundle circuits must be sorted by name without duplicates");
        }
        previous = name;
        circuits.put(name, string(pair.get(1)));
      }
      Bundle bundle = new Bundle(abi, wasm, circuits);
      if (checkCanonical && !bundle.encode().equals(encoded)) {
        throw new AbiException("bundle is not canonically encoded");
      }
      return bundle;
    } catch (EncodingException | RLPException e) {
      throw new AbiException("malformed bundle: " + e.getMessage());
    }
  }

  /**
   * The item's bytes as text, refusing any byte sequence that is not well-formed UTF-8 (overlong
   * forms and encoded surrogates included). The JDK's decoder replaces each malformed sequence with
   * U+FFFD, so only text holding that character is decoded again strictly: bundles are megabytes of
   * circuits, and the first pass is the fast one.
   */
  private static String string(Bytes item) {
    byte[] raw = RLP.decodeValue(item).toArrayUnsafe();
    String s = new String(raw, StandardCharsets.UTF_8);
    if (s.indexOf('\uFFFD') >= 0) {
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(raw));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new AbiException("bundle text is not valid UTF-8");
      }
    }
    return s;
  }

  static Bytes ascii(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }
}

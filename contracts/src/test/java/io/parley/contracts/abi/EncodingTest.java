package io.parley.contracts.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.types.Address;
import io.parley.contracts.CompiledContract;
import io.parley.contracts.check.Type;
import io.parley.contracts.testing.ContractTestKit;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Value, payload, bundle and ABI encodings of docs/spec/language.md sections 7 and 8. */
class EncodingTest {
  static final Type.Int I16 = new Type.Int(16, true, false);
  static final Type.Int U8 = new Type.Int(8, false, false);

  @Test
  void signedIntegersUseTheShortestTwosComplement() {
    assertThat(Values.encode(I16, BigInteger.valueOf(0))).isEqualTo(Bytes.fromHexString("0x80"));
    assertThat(Values.encode(I16, BigInteger.valueOf(127))).isEqualTo(Bytes.fromHexString("0x7f"));
    assertThat(Values.encode(I16, BigInteger.valueOf(128)))
        .isEqualTo(Bytes.fromHexString("0x820080"));
    assertThat(Values.encode(I16, BigInteger.valueOf(-1))).isEqualTo(Bytes.fromHexString("0x81ff"));
    assertThat(Values.encode(I16, BigInteger.valueOf(-128)))
        .isEqualTo(Bytes.fromHexString("0x8180"));
    assertThat(Values.encode(I16, BigInteger.valueOf(-129)))
        .isEqualTo(Bytes.fromHexString("0x82ff7f"));
    for (long v : new long[] {0, 1, 127, 128, -1, -128, -129, 32767, -32768}) {
      Bytes list = Values.encodeList(List.of(I16), List.of(BigInteger.valueOf(v)));
      assertThat(Values.decodeList(List.of(I16), List.of("x"), list))
          .containsExactly(BigInteger.valueOf(v));
    }
  }

  @Test
  void nonCanonicalAndOutOfRangeValuesAreRejected() {
    assertThatThrownBy(
            () -> Values.decodeList(List.of(I16), List.of("x"), Bytes.fromHexString("0xc3820001")))
        .hasMessageContaining("x: signed integer is not in its shortest form");
    assertThatThrownBy(
            () -> Values.decodeList(List.of(U8), List.of("x"), Bytes.fromHexString("0xc3820100")))
        .hasMessageContaining("x: 256 is out of range for u8");
    assertThatThrownBy(
            () -> Values.decodeList(List.of(U8), List.of("x"), Bytes.fromHexString("0xc3820005")))
        .hasMessageContaining("leading zero");
    assertThatThrownBy(
            () -> Values.decodeList(List.of(U8), List.of("x"), Bytes.fromHexString("0xc0")))
        .hasMessageContaining("expected 1 arguments, found 0");
    assertThatThrownBy(() -> Values.normalize(U8, -1, "amount"))
        .hasMessage("amount: -1 is out of range for u8");
  }

  @Test
  void payloadsRoundTripAndRejectGarbage() {
    Bytes args = Values.encodeList(List.of(U8), List.of(BigInteger.TEN));
    Bytes call = Payloads.call("transfer", args);
    assertThat(Payloads.decodeCall(call)).isEqualTo(new Payloads.Call("transfer", args));
    assertThatThrownBy(() -> Payloads.decodeCall(Bytes.fromHexString("0xc0")))
        .hasMessageContaining("2 items");
    assertThatThrownBy(() -> Payloads.decodeCall(Payloads.call("a-b", args)))
        .hasMessageContaining("not an identifier");
    Bytes deploy = Payloads.deploy(Bytes.fromHexString("0x0102"), args);
    assertThat(Payloads.decodeDeploy(deploy).bundle()).isEqualTo(Bytes.fromHexString("0x0102"));
  }

  @Test
  void contractAddressFollowsTheCreateRule() {
    // Ethereum's CREATE address of 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 at nonce 0.
    Address sender = Address.fromHex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
    assertThat(Payloads.contractAddress(sender, 0))
        .isEqualTo(Address.fromHex("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"));
    assertThat(Payloads.contractAddress(sender, 1))
        .isEqualTo(Address.fromHex("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"));
  }

  @Test
  void bundleAndAbiRoundTrip() {
    CompiledContract token = ContractTestKit.compile(Path.of("examples/Token.par"));
    Bytes encoded = token.bundle().encode();
    Bundle decoded = Bundle.decode(encoded);
    assertThat(decoded).isEqualTo(token.bundle());
    assertThat(decoded.codeHash()).isEqualTo(token.bundle().codeHash());
    Abi abi = AbiJson.read(token.abiJson());
    assertThat(abi).isEqualTo(token.abi());
    assertThat(AbiJson.write(abi)).isEqualTo(token.abiJson());
    assertThat(abi.event("Transfer").orElseThrow().signature())
        .isEqualTo("Transfer(address,address,u256)");
    assertThat(abi.event("Transfer").orElseThrow().topic())
        .isEqualTo(AbiBuilder.topic("Transfer(address,address,u256)"));
    assertThat(abi.state().get(3).type()).isEqualTo("map<address,u256>");
    assertThatThrownBy(() -> Bundle.decode(encoded.slice(0, encoded.size() - 1)))
        .isInstanceOf(AbiException.class);
  }

  @Test
  void bundleTextThatIsNotWellFormedUtf8IsRefusedAndAlegitimateReplacementCharacterIsKept() {
    CompiledContract token = ContractTestKit.compile(Path.of("examples/Token.par"));
    Bundle good = token.bundle();
    // overlong "/", a lone continuation byte, an encoded surrogate, a truncated sequence
    for (String bad : List.of("0xc0af", "0x80", "0xeda080", "0xe282")) {
      Bytes encoded =
          org.apache.tuweni.rlp.RLP.encodeList(
              w -> {
                w.writeValue(Bundle.ascii("parley-bundle/1"));
                w.writeValue(Bundle.utf8(good.abiJson()));
                w.writeValue(good.wasm());
                w.writeList(
                    l ->
                        l.writeList(
                            e -> {
                              e.writeValue(Bundle.ascii("c"));
                              e.writeValue(Bytes.fromHexString(bad));
                            }));
              });
      assertThatThrownBy(() -> Bundle.decode(encoded))
          .as(bad)
          .isInstanceOf(AbiException.class)
          .hasMessageContaining("not valid UTF-8");
    }
    Bundle replacement =
        new Bundle(
            good.abiJson(), good.wasm(), new java.util.TreeMap<>(java.util.Map.of("c", "\uFFFD")));
    assertThat(Bundle.decode(replacement.encode())).isEqualTo(replacement);
    assertThat(Bundle.decodeDeployed(good.encode())).isEqualTo(good);
  }

  @Test
  void compilationIsDeterministic() {
    CompiledContract a = ContractTestKit.compile(Path.of("examples/Vote.par"));
    CompiledContract b = ContractTestKit.compile(Path.of("examples/Vote.par"));
    assertThat(a.bundle().encode()).isEqualTo(b.bundle().encode());
  }
}

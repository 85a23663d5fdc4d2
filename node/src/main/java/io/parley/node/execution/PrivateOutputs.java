package io.parley.node.execution;

import io.parley.base.block.Event;
import io.parley.base.crypto.Hashing;
import io.parley.base.encoding.Rlp;
import io.parley.base.tx.Transaction;
import io.parley.base.types.Address;
import io.parley.contracts.runtime.ContractHost;
import io.parley.zk.attestation.Statement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Private outputs over the chain (docs/spec/private-outputs.md): when a computation is final the
 * chain keeps which account each output to an address is for; that account asks for it with a call
 * to the registry account carrying its public key; each member then posts its shares of the output
 * encrypted for that key (kind 4, form 6), and the account reads them back with {@code
 * zk_getOutput} and reconstructs the value. Nothing on the chain is readable by anyone else.
 */
public final class PrivateOutputs {
  public static final Bytes32 REQUESTED =
      Hashing.keccak256(ComputationRegistry.ascii("OutputRequested(bytes32,bytes)"));

  /** Longest output name (ASCII). */
  static final int MAX_NAME = 64;

  /** Gas a request costs beyond the intrinsic gas (it writes one record). */
  static final long REQUEST_GAS = 20_000;

  /** An output to an address, as the final statement names it. */
  public record Output(String name, Address recipient) {}

  /** A request (CALL to the registry account): the recipient's 64-byte public key. */
  public record Request(Bytes32 computation, String name, Bytes publicKey) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(1);
            w.writeValue(computation);
            w.writeValue(Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII)));
            w.writeValue(publicKey);
          });
    }

    static Request decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "output request",
          r -> {
            long version = Rlp.readUint63(r, "version");
            if (version != 1) {
              throw new IllegalArgumentException("output request version " + version + " is not 1");
            }
            Bytes32 id = Rlp.readBytes32(r, "computationId");
            String name = PrivateOutputs.name(r.readValue());
            Bytes key = r.readValue();
            if (key.size() != 64) {
              throw new IllegalArgumentException("the public key has 64 bytes, not " + key.size());
            }
            Rlp.requireComplete(r, "output request");
            return new Request(id, name, key);
          },
          Request::encode);
    }
  }

  /** Member j's shares of an output, sealed for the requester (kind 4, form 6). */
  public record Share(Bytes32 computation, String name, Bytes ephemeral, Bytes ciphertext) {
    public Bytes encode() {
      return RLP.encodeList(
          w -> {
            w.writeLong(6);
            w.writeValue(computation);
            w.writeValue(Bytes.wrap(name.getBytes(StandardCharsets.US_ASCII)));
            w.writeValue(ephemeral);
            w.writeValue(ciphertext);
          });
    }

    static Share decode(Bytes payload) {
      return Rlp.decodeCanonical(
          payload,
          "output share",
          r -> {
            long form = Rlp.readUint63(r, "form");
            if (form != 6) {
              throw new IllegalArgumentException("not an output share");
            }
            Bytes32 id = Rlp.readBytes32(r, "computationId");
            String name = PrivateOutputs.name(r.readValue());
            Bytes ephemeral = r.readValue();
            Bytes ciphertext = r.readValue();
            if (ephemeral.size() != 64) {
              throw new IllegalArgumentException("the ephemeral key has 64 bytes");
            }
            if (ciphertext.size() < 16) {
              throw new IllegalArgumentException("the ciphertext is shorter than its tag");
            }
            Rlp.requireComplete(r, "output share");
            return new Share(id, name, ephemeral, ciphertext);
          },
          Share::encode);
    }
  }

  /** Member j's posted share as the chain keeps it. */
  public record Posted(int member, Bytes ephemeral, Bytes ciphertext) {}

  private PrivateOutputs() {}

  private static String name(Bytes raw) {
    if (raw.isEmpty() || raw.size() > MAX_NAME) {
      throw new IllegalArgumentException("an output name has 1.." + MAX_NAME + " characters");
    }
    for (int i = 0; i < raw.size(); i++) {
      int c = raw.get(i) & 0xff;
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("an output name is printable ASCII");
      }
    }
    return new String(raw.toArrayUnsafe(), StandardCharsets.US_ASCII);
  }

  /** Why a call to the registry account cannot be an output request, if it cannot. */
  static Optional<String> requestProblem(Transaction tx) {
    try {
      Request.decode(tx.payload());
      return tx.value().isZero()
          ? Optional.empty()
          : Optional.of("output request: a request carries no value");
    } catch (RuntimeException e) {
      return Optional.of("output request: " + e.getMessage());
    }
  }

  /** Why a form-6 payload must be refused at admission, if it must. */
  static Optional<String> shareProblem(Transaction tx) {
    try {
      Share.decode(tx.payload());
    } catch (RuntimeException e) {
      return Optional.of("computation vote: " + e.getMessage());
    }
    return tx.to().map(ComputationRegistry.REGISTRY::equals).orElse(false)
        ? Optional.empty()
        : Optional.of(
            "computation vote: an output share is sent to the registry "
                + ComputationRegistry.REGISTRY);
  }

  /** At finality: which account each output to an address of computation {@code id} is for. */
  static void recordOutputs(ContractHost host, Bytes32 id, Statement statement) {
    if (statement.recipientOutputs().isEmpty()) {
      return;
    }
    host.storageSet(
        ComputationRegistry.REGISTRY,
        outputsKey(id),
        RLP.encodeList(
            w ->
                statement
                    .recipientOutputs()
                    .forEach(
                        o ->
                            w.writeList(
                                x -> {
                                  x.writeValue(
                                      Bytes.wrap(o.name().getBytes(StandardCharsets.US_ASCII)));
                                  x.writeValue(o.recipient().bytes());
                                }))));
  }

  /** The outputs to addresses of a final computation (empty when it has none or is not final). */
  public static List<Output> outputs(Function<Bytes32, Optional<Bytes>> storage, Bytes32 id) {
    return storage
        .apply(outputsKey(id))
        .map(
            b ->
                RLP.decodeList(
                    b,
                    r -> {
                      List<Output> out = new ArrayList<>();
                      while (!r.isComplete()) {
                        out.add(
                            r.readList(
                                x ->
                                    new Output(
                                        new String(
                                            x.readValue().toArrayUnsafe(),
                                            StandardCharsets.US_ASCII),
                                        new Address(x.readValue()))));
                      }
                      return out;
                    }))
        .orElse(List.of());
  }

  /** The public key the recipient asked with, if it asked. */
  public static Optional<Bytes> requested(
      Function<Bytes32, Optional<Bytes>> storage, Bytes32 id, String name) {
    return storage.apply(requestKey(id, name));
  }

  /** The members' posted shares, by member. */
  public static List<Posted> shares(
      Function<Bytes32, Optional<Bytes>> storage, Bytes32 id, String name, int members) {
    List<Posted> out = new ArrayList<>();
    for (int j = 0; j < members; j++) {
      int member = j;
      storage
          .apply(shareKey(id, name, j))
          .ifPresent(
              b ->
                  out.add(
                      RLP.decodeList(b, r -> new Posted(member, r.readValue(), r.readValue()))));
    }
    return out;
  }

  /** A request from {@code sender}: the output's recipient asks for its shares. */
  static ContractTransactions.Result request(ContractHost host, Address sender, Transaction tx) {
    Function<Bytes32, Optional<Bytes>> storage = MemberConduct.registry(host);
    if (!tx.value().isZero()) {
      return failed("output request: a request carries no value");
    }
    Request q;
    try {
      q = Request.decode(tx.payload());
    } catch (RuntimeException e) {
      return failed("output request: " + e.getMessage());
    }
    Optional<ComputationRegistry.Record> record =
        ComputationRegistry.read(storage, q.computation());
    if (record.isEmpty()) {
      return failed("output request: no computation " + q.computation());
    }
    if (record.get().status() != ComputationRegistry.Status.DONE) {
      return failed(
          "output request: the computation is "
              + (record.get().status() == ComputationRegistry.Status.FAILED
                  ? "failed"
                  : record.get().attempt() > 0 ? "retried" : "queued"));
    }
    Optional<Output> output =
        outputs(storage, q.computation()).stream()
            .filter(o -> o.name().equals(q.name()))
            .findFirst();
    if (output.isEmpty()) {
      return failed("output request: the computation has no private output " + q.name());
    }
    if (!output.get().recipient().equals(sender)) {
      return failed("output request: output " + q.name() + " is not for " + sender);
    }
    if (!new io.parley.base.crypto.PublicKey(q.publicKey()).address().equals(sender)) {
      return failed("output request: the public key is not the sender's");
    }
    if (requested(storage, q.computation(), q.name()).isPresent()) {
      return failed("output request: already requested");
    }
    host.storageSet(
        ComputationRegistry.REGISTRY, requestKey(q.computation(), q.name()), q.publicKey());
    return new ContractTransactions.Result(
        true,
        REQUEST_GAS,
        List.of(
            new Event(
                ComputationRegistry.REGISTRY,
                List.of(REQUESTED),
                RLP.encodeList(
                    w -> {
                      w.writeValue(q.computation());
                      w.writeValue(Bytes.wrap(q.name().getBytes(StandardCharsets.US_ASCII)));
                      w.writeValue(q.publicKey());
                    }))),
        Optional.empty());
  }

  /** Member j posts its sealed shares of a requested output. */
  static ContractTransactions.Result share(ContractHost host, int j, Transaction tx) {
    Function<Bytes32, Optional<Bytes>> storage = MemberConduct.registry(host);
    Share s = Share.decode(tx.payload());
    if (requested(storage, s.computation(), s.name()).isEmpty()) {
      return failed(
          "output share: output " + s.name() + " of " + s.computation() + " is not requested");
    }
    if (storage.apply(shareKey(s.computation(), s.name(), j)).isPresent()) {
      return failed("output share: member " + j + " has already posted its shares");
    }
    host.storageSet(
        ComputationRegistry.REGISTRY,
        shareKey(s.computation(), s.name(), j),
        RLP.encodeList(
            w -> {
              w.writeValue(s.ephemeral());
              w.writeValue(s.ciphertext());
            }));
    return new ContractTransactions.Result(true, 0, List.of(), Optional.empty());
  }

  public static Bytes32 outputsKey(Bytes32 id) {
    return Hashing.keccak256(ComputationRegistry.ascii("parley/outputs"), id);
  }

  public static Bytes32 requestKey(Bytes32 id, String name) {
    return Hashing.keccak256(
        ComputationRegistry.ascii("parley/output-request"), id, ComputationRegistry.ascii(name));
  }

  public static Bytes32 shareKey(Bytes32 id, String name, int j) {
    return Hashing.keccak256(
        ComputationRegistry.ascii("parley/output-share"),
        id,
        ComputationRegistry.ascii(name),
        Bytes.wrap(ByteBuffer.allocate(4).putInt(j).array()));
  }

  private static ContractTransactions.Result failed(String reason) {
    return ContractTransactions.Result.failed(0, reason);
  }
}

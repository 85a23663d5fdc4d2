package io.parley.zk.engine;

import io.parley.base.crypto.Hashing;
import io.parley.base.crypto.PrivateKey;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Signer;
import io.parley.zk.online.OnlineSession;
import io.parley.zk.preprocessing.BatchOutput;
import io.parley.zk.preprocessing.BatchPlan;
import io.parley.zk.preprocessing.PreprocessingSession;
import io.parley.zk.preprocessing.PreprocessingStore;
import io.parley.zk.protocol.InputCheck;
import io.parley.zk.protocol.OnlineContext;
import io.parley.zk.protocol.Program;
import io.parley.zk.protocol.RandomBits;
import io.parley.zk.protocol.SecureArithmetic;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The sessions one member runs for a computation, in order, with ids derived from the computation's
 * id: a preprocessing batch ("prep"), the generation of random bits ("bits"), then the program
 * ("online"). The caller runs each session with its driver (simulation or network) and feeds the
 * outcome back; the class itself does no I/O.
 */
public final class MemberPipeline {
  private final Committee committee;
  private final int self;
  private final PrivateKey key;
  private final OnlineSession.Mode mode;
  private final PreprocessingStore store = new PreprocessingStore();

  public MemberPipeline(Committee committee, int self, PrivateKey key, OnlineSession.Mode mode) {
    this.committee = committee;
    this.self = self;
    this.key = key;
    this.mode = mode;
  }

  public static Bytes32 derive(Bytes32 computation, String phase) {
    return Hashing.keccak256(computation, Bytes.wrap(phase.getBytes(StandardCharsets.US_ASCII)));
  }

  public PreprocessingStore store() {
    return store;
  }

  public OnlineContext context() {
    return new OnlineContext(self, committee.size(), store);
  }

  public PreprocessingSession preprocessing(Bytes32 computation, BatchPlan plan) {
    return preprocessing(computation, plan, 0);
  }

  /** Batch {@code index} of a computation's preprocessing; its id is {@link #batchId}. */
  public PreprocessingSession preprocessing(Bytes32 computation, BatchPlan plan, int index) {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new PreprocessingSession(
        committee, self, plan, batchId(computation, index), Bytes32.wrap(seed), key);
  }

  public static Bytes32 batchId(Bytes32 computation, int index) {
    return index == 0 ? derive(computation, "prep") : derive(computation, "prep/" + index);
  }

  public void accept(BatchOutput batch) {
    store.add(batch);
  }

  public OnlineSession<FieldElement[]> bits(Bytes32 computation, int count) {
    Program<FieldElement[]> program = RandomBits.generate(new SecureArithmetic(context()), count);
    return online(derive(computation, "bits"), program);
  }

  /**
   * Checks user-dealt input shares (secret inputs of the circuit) before the program runs; consumes
   * two random values, so size the batch with two extra randoms. An inconsistent sharing ends in
   * {@code Accusation.InconsistentInput}, never in a blame.
   */
  public OnlineSession<Boolean> inputCheck(Bytes32 computation, FieldElement[] inputShares) {
    Bytes32 id = derive(computation, "input");
    Program<Boolean> program = InputCheck.program(new SecureArithmetic(context()), inputShares);
    Signer signer = mode == OnlineSession.Mode.MALICIOUS ? Signer.with(key) : Signer.none();
    return new OnlineSession<>(committee, self, id, program, signer, mode, false);
  }

  public void acceptBits(FieldElement[] bits) {
    store.addBits(bits);
  }

  public <T> OnlineSession<T> program(Bytes32 computation, Function<OnlineContext, Program<T>> f) {
    return online(derive(computation, "online"), f.apply(context()));
  }

  private <T> OnlineSession<T> online(Bytes32 id, Program<T> program) {
    Signer signer = mode == OnlineSession.Mode.MALICIOUS ? Signer.with(key) : Signer.none();
    return new OnlineSession<>(committee, self, id, program, signer, mode);
  }
}

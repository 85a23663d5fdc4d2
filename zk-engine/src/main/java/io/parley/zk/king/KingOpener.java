package io.parley.zk.king;

import io.parley.base.crypto.PrivateKey;
import io.parley.zk.evidence.Accusation;
import io.parley.zk.evidence.Blame;
import io.parley.zk.field.FieldElement;
import io.parley.zk.messages.Committee;
import io.parley.zk.messages.Envelope;
import io.parley.zk.messages.Kind;
import io.parley.zk.messages.MalformedMessageException;
import io.parley.zk.messages.Sha256;
import io.parley.zk.session.Action;
import io.parley.zk.sharing.ReedSolomon;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One king-based opening of a vector of degree-d shares (d = t online, 2t for preprocessing
 * products), as a sans-I/O state machine over three envelope steps 3s, 3s+1, 3s+2:
 *
 * <ol>
 *   <li>SHARES: each member sends its shares of chunk c to the chunk's king;
 *   <li>VALUES: the king checks that the n shares of every value form a degree-d codeword (Reed-
 *       Solomon, distance n - d), interpolates, and broadcasts the values with a signed statement;
 *   <li>CONFIRM: each member broadcasts every king's statement as it received it and, per chunk,
 *       its share of sum_j alpha_j (s_j - v_j) with alpha fixed by the statement. With all n
 *       confirms, it checks that the statements agree and that the check shares decode to zero.
 * </ol>
 *
 * <p>Every fault is attributed in the step it occurs, before anything of the next step is sent: a
 * share off the codeword (degree t: located, {@link Blame.WrongShare}), a king's two statements for
 * one chunk or a confirm carrying an invalid one, a king's wrong values ({@link Blame.King}). At
 * degree 2t a wrong share is only detected ({@link Failure#detected}); preprocessing answers it
 * with a replay. In semi-honest mode members 0..d send to each king, nothing is signed, and there
 * is no CONFIRM step.
 */
final class KingOpener {
  /** How the opening ended when it did not open. */
  /**
   * How the opening ended when it did not open; {@code detected} holds the n signed envelopes that
   * show a word off the degree-2t code (shares at a king, or confirms), which only a replay with
   * the members' keys can attribute.
   */
  record Failure(Accusation accusation, Optional<Blame> blame, List<Envelope> detected) {}

  private final Committee committee;
  private final int self;
  private final int n;
  private final Bytes32 computation;
  private final int step;
  private final int degree;
  private final Optional<PrivateKey> key;
  private final FieldElement[] mine;
  private final List<KingChunks.Chunk> chunks;
  private final ReedSolomon code;

  private final Envelope[][] sharesIn;
  private int kingChunksLeft;
  private final FieldElement[] opened;
  private final ValuesStatement[] statements;
  private final boolean[] valuesIn;
  private int valuesLeft;
  private final Envelope[] confirms;
  private int confirmsLeft;

  private Optional<FieldElement[]> result = Optional.empty();
  private Optional<Failure> failure = Optional.empty();
  private Bytes32 digest = Bytes32.ZERO;

  KingOpener(
      Committee committee,
      int self,
      Bytes32 computation,
      int step,
      int degree,
      Optional<PrivateKey> key,
      FieldElement[] mine) {
    this.committee = committee;
    this.self = self;
    this.n = committee.size();
    this.computation = computation;
    this.step = step;
    this.degree = degree;
    this.key = key;
    this.mine = mine;
    this.chunks = KingChunks.of(mine.length, n);
    if (chunks.size() > KingData.MAX_CHUNKS) {
      throw new IllegalArgumentException("opening of " + mine.length + " values is too large");
    }
    this.code = new ReedSolomon(n, degree);
    this.sharesIn = new Envelope[chunks.size()][];
    this.opened = new FieldElement[mine.length];
    this.statements = new ValuesStatement[chunks.size()];
    this.valuesIn = new boolean[chunks.size()];
    this.valuesLeft = chunks.size();
    this.confirms = new Envelope[n];
    this.confirmsLeft = n;
  }

  private boolean malicious() {
    return key.isPresent();
  }

  /** Members that send shares to a king: all in malicious mode, 0..d otherwise. */
  private boolean sendsShares(int member) {
    return malicious() || member <= degree;
  }

  Optional<FieldElement[]> result() {
    return result;
  }

  Optional<Failure> failure() {
    return failure;
  }

  /** Digest of the step: the kings' statements (malicious) or values (semi-honest), in order. */
  Bytes32 digest() {
    return digest;
  }

  List<Action> start() {
    List<Action> actions = new ArrayList<>();
    for (KingChunks.Chunk c : chunks) {
      if (c.king() == self) {
        sharesIn[c.index()] = new Envelope[n];
        kingChunksLeft++;
      }
    }
    for (KingChunks.Chunk c : chunks) {
      if (!sendsShares(self)) {
        break;
      }
      FieldElement[] part = Arrays.copyOfRange(mine, c.offset(), c.offset() + c.length());
      Envelope e =
          sign(
              Envelope.unsigned(computation, 3 * step, self, c.king(), Kind.KING_SHARES, part)
                  .withData(KingData.shares(c.index(), degree)));
      if (c.king() == self) {
        sharesIn[c.index()][self] = e;
      } else {
        actions.add(new Action.Send(c.king(), e));
      }
    }
    for (KingChunks.Chunk c : chunks) {
      if (c.king() == self && done() == false) {
        tryReconstruct(c, actions);
      }
    }
    if (!done() && chunks.isEmpty()) {
      finishValues(actions);
    }
    actions.add(new Action.ScheduleTimeout(3 * step));
    return actions;
  }

  private boolean done() {
    return result.isPresent() || failure.isPresent();
  }

  private Envelope sign(Envelope e) {
    return key.map(k -> e.withSignature(io.parley.base.crypto.Secp256k1.sign(e.digest(), k)))
        .orElse(e);
  }

  /** Handles an envelope of this opening's three steps; others are the caller's business. */
  List<Action> onEnvelope(Envelope e) {
    List<Action> actions = new ArrayList<>();
    if (done() || e.sender() < 0 || e.sender() >= n || e.sender() == self) {
      return actions;
    }
    if (malicious() && !committee.signedBySender(e) && e.kind() != Kind.KING_VALUES) {
      return actions; // unsigned or badly signed: indistinguishable from silence
    }
    switch (e.kind()) {
      case KING_SHARES -> onShares(e, actions);
      case KING_VALUES -> onValues(e, actions);
      case KING_CONFIRM -> onConfirm(e, actions);
      default -> {}
    }
    return actions;
  }

  private void onShares(Envelope e, List<Action> actions) {
    int index = KingData.chunk(e);
    if (e.step() != 3 * step
        || e.recipient() != self
        || index < 0
        || index >= chunks.size()
        || chunks.get(index).king() != self
        || KingData.degreeOfShares(e) != degree
        || !sendsShares(e.sender())) {
      return;
    }
    Envelope[] slot = sharesIn[index];
    Envelope previous = slot[e.sender()];
    if (previous != null) {
      if (!previous.sameContent(e)) {
        fail(new Blame.Equivocation(e.sender(), previous, e));
      }
      return;
    }
    slot[e.sender()] = e;
    tryReconstruct(chunks.get(index), actions);
  }

  private void tryReconstruct(KingChunks.Chunk c, List<Action> actions) {
    Envelope[] slot = sharesIn[c.index()];
    if (slot == null || valuesIn[c.index()]) {
      return;
    }
    for (int j = 0; j < n; j++) {
      if (sendsShares(j) && slot[j] == null) {
        return;
      }
    }
    for (int j = 0; j < n; j++) {
      if (sendsShares(j) && slot[j].values().length != c.length()) {
        fail(new Blame.WrongShare(j, 0, List.of(slot)));
        return;
      }
    }
    FieldElement[] values = new FieldElement[c.length()];
    FieldElement[] column = new FieldElement[malicious() ? n : degree + 1];
    for (int v = 0; v < c.length(); v++) {
      for (int j = 0; j < column.length; j++) {
        column[j] = slot[j].values()[v];
      }
      if (malicious() && !code.isCodeword(column)) {
        wrongColumn(slot, v, column);
        return;
      }
      values[v] = code.interpolateZero(column);
    }
    sharesIn[c.index()] = null;
    kingChunksLeft--;
    Optional<io.parley.base.crypto.Signature> signature = Optional.empty();
    if (malicious()) {
      ValuesStatement s =
          ValuesStatement.sign(
              computation,
              3 * step + 1,
              mine.length,
              c.index(),
              self,
              ValuesStatement.hashValues(values),
              key.get());
      statements[c.index()] = s;
      signature = Optional.of(s.signature());
    }
    Envelope broadcast =
        Envelope.unsigned(
                computation, 3 * step + 1, self, Envelope.BROADCAST, Kind.KING_VALUES, values)
            .withData(KingData.values(c.index(), degree, mine.length, signature));
    for (int j = 0; j < n; j++) {
      if (j != self) {
        actions.add(new Action.Send(j, broadcast));
      }
    }
    acceptValues(c, values, actions);
    if (kingChunksLeft == 0 && valuesLeft > 0) {
      actions.add(new Action.ScheduleTimeout(3 * step + 1));
    }
  }

  private void wrongColumn(Envelope[] slot, int v, FieldElement[] column) {
    if (degree * 2 + 1 > n - degree) {
      // degree 2t: distance t+1 detects but cannot locate; the owner replays (preprocessing)
      failure =
          Optional.of(
              new Failure(
                  new Accusation.Unresolved(3 * step, "shares off the degree-" + degree + " code"),
                  Optional.empty(),
                  List.of(slot)));
      return;
    }
    Optional<Integer> wrong =
        code.decode(column.clone()).flatMap(d -> d.wrongParties().stream().findFirst());
    if (wrong.isEmpty()) {
      failure =
          Optional.of(
              new Failure(
                  new Accusation.Unresolved(3 * step, "more than t wrong shares in one value"),
                  Optional.empty(),
                  List.of()));
      return;
    }
    fail(new Blame.WrongShare(wrong.get(), v, List.of(slot)));
  }

  private void onValues(Envelope e, List<Action> actions) {
    int index = KingData.chunk(e);
    if (e.step() != 3 * step + 1
        || e.recipient() != Envelope.BROADCAST
        || index < 0
        || index >= chunks.size()) {
      return;
    }
    KingChunks.Chunk c = chunks.get(index);
    if (e.sender() != c.king()
        || KingData.degreeOfValues(e) != degree
        || KingData.totalOfValues(e) != mine.length
        || e.values().length != c.length()) {
      return;
    }
    ValuesStatement statement = null;
    if (malicious()) {
      Optional<io.parley.base.crypto.Signature> sig = KingData.valuesSignature(e);
      if (sig.isEmpty()) {
        return;
      }
      statement =
          new ValuesStatement(
              computation,
              3 * step + 1,
              mine.length,
              index,
              c.king(),
              ValuesStatement.hashValues(e.values()),
              sig.get());
      if (!statement.validFor(committee.members().get(c.king()))) {
        return;
      }
    }
    if (valuesIn[index]) {
      // a second, different signed statement for the same chunk: the confirm step proves it
      return;
    }
    statements[index] = statement;
    acceptValues(c, e.values(), actions);
  }

  private void acceptValues(KingChunks.Chunk c, FieldElement[] values, List<Action> actions) {
    System.arraycopy(values, 0, opened, c.offset(), c.length());
    valuesIn[c.index()] = true;
    valuesLeft--;
    if (valuesLeft == 0) {
      finishValues(actions);
    }
  }

  private void finishValues(List<Action> actions) {
    if (!malicious()) {
      MessageDigest sha = Sha256.newDigest();
      Sha256.update(sha, opened);
      digest = Bytes32.wrap(sha.digest());
      result = Optional.of(opened);
      return;
    }
    FieldElement[] checks = new FieldElement[chunks.size()];
    for (KingChunks.Chunk c : chunks) {
      FieldElement[] alphas =
          CheckCombination.alphas(statements[c.index()].signingDigest(), c.length());
      checks[c.index()] = FieldElement.sumOfProductsOfDifferences(alphas, mine, opened, c.offset());
    }
    Envelope confirm =
        sign(
            Envelope.unsigned(
                    computation, 3 * step + 2, self, Envelope.BROADCAST, Kind.KING_CONFIRM, checks)
                .withData(KingData.confirm(degree, mine.length, Arrays.asList(statements))));
    for (int j = 0; j < n; j++) {
      if (j != self) {
        actions.add(new Action.Send(j, confirm));
      }
    }
    actions.add(new Action.ScheduleTimeout(3 * step + 2));
    confirms[self] = confirm;
    confirmsLeft--;
    tryConclude(actions);
  }

  /** The king's VALUES envelope of chunk c as received (values and statement signature). */
  private Envelope valuesEnvelope(KingChunks.Chunk c) {
    FieldElement[] values = Arrays.copyOfRange(opened, c.offset(), c.offset() + c.length());
    return Envelope.unsigned(
            computation, 3 * step + 1, c.king(), Envelope.BROADCAST, Kind.KING_VALUES, values)
        .withData(
            KingData.values(
                c.index(), degree, mine.length, Optional.of(statements[c.index()].signature())));
  }

  private void onConfirm(Envelope e, List<Action> actions) {
    if (e.step() != 3 * step + 2
        || e.recipient() != Envelope.BROADCAST
        || KingData.degreeOfConfirm(e) != degree) {
      return;
    }
    Envelope previous = confirms[e.sender()];
    if (previous != null) {
      if (!previous.sameContent(e)) {
        fail(new Blame.Equivocation(e.sender(), previous, e));
      }
      return;
    }
    confirms[e.sender()] = e;
    confirmsLeft--;
    tryConclude(actions);
  }

  private void tryConclude(List<Action> actions) {
    if (confirmsLeft > 0 || confirms[self] == null || done()) {
      return;
    }
    Envelope own = confirms[self];
    for (int j = 0; j < n; j++) {
      if (j == self) {
        continue;
      }
      Envelope other = confirms[j];
      if (other.values().length != chunks.size()) {
        fail(new Blame.King(j, Blame.King.FALSE_CONFIRM, 0, List.of(other)));
        return;
      }
      if (Arrays.equals(other.data(), own.data())) {
        continue;
      }
      List<ValuesStatement> theirs;
      try {
        theirs = KingData.statements(other);
      } catch (MalformedMessageException malformed) {
        fail(new Blame.King(j, Blame.King.FALSE_CONFIRM, 0, List.of(other)));
        return;
      }
      if (theirs.size() != chunks.size()) {
        fail(new Blame.King(j, Blame.King.FALSE_CONFIRM, 0, List.of(other)));
        return;
      }
      for (KingChunks.Chunk c : chunks) {
        ValuesStatement s = theirs.get(c.index());
        ValuesStatement ours = statements[c.index()];
        if (s.king() != c.king()
            || s.chunk() != c.index()
            || !s.validFor(committee.members().get(c.king()))) {
          fail(new Blame.King(j, Blame.King.FALSE_CONFIRM, c.index(), List.of(other)));
          return;
        }
        if (!s.valuesHash().equals(ours.valuesHash())) {
          fail(new Blame.King(c.king(), Blame.King.EQUIVOCATION, c.index(), List.of(own, other)));
          return;
        }
      }
    }
    FieldElement[] column = new FieldElement[n];
    for (KingChunks.Chunk c : chunks) {
      for (int j = 0; j < n; j++) {
        column[j] = confirms[j].values()[c.index()];
      }
      if (!code.isCodeword(column)) {
        if (degree > committee.threshold()) {
          // degree 2t: the confirms show the fault; a replay also needs the chunk's values
          List<Envelope> shown = new ArrayList<>(Arrays.asList(confirms));
          shown.add(valuesEnvelope(c));
          failure =
              Optional.of(
                  new Failure(
                      new Accusation.Unresolved(3 * step + 2, "check shares off the code"),
                      Optional.empty(),
                      shown));
          return;
        }
        wrongColumn(confirms, c.index(), column);
        return;
      }
      if (!code.interpolateZero(column).isZero()) {
        fail(new Blame.King(c.king(), Blame.King.WRONG_VALUE, c.index(), List.of(confirms)));
        return;
      }
    }
    MessageDigest sha = Sha256.newDigest();
    sha.update(ByteBuffer.allocate(4).putInt(step).array());
    sha.update(own.data());
    digest = Bytes32.wrap(sha.digest());
    result = Optional.of(opened);
  }

  private void fail(Blame blame) {
    failure = Optional.of(new Failure(new Accusation.Proven(blame), Optional.of(blame), List.of()));
  }

  /** The members this opening still waits for at its current step (for a timeout). */
  List<Integer> silent() {
    List<Integer> out = new ArrayList<>();
    boolean[] mark = new boolean[n];
    for (KingChunks.Chunk c : chunks) {
      Envelope[] slot = sharesIn[c.index()];
      if (slot != null) {
        for (int j = 0; j < n; j++) {
          if (sendsShares(j) && slot[j] == null) {
            mark[j] = true;
          }
        }
      }
    }
    if (kingChunksLeft == 0) {
      for (KingChunks.Chunk c : chunks) {
        if (!valuesIn[c.index()]) {
          mark[c.king()] = true;
        }
      }
    }
    if (valuesLeft == 0) {
      for (int j = 0; j < n; j++) {
        if (confirms[j] == null) {
          mark[j] = true;
        }
      }
    }
    for (int j = 0; j < n; j++) {
      if (mark[j] && j != self) {
        out.add(j);
      }
    }
    return out;
  }
}

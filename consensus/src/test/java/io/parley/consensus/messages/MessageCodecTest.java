package io.parley.consensus.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.block.Block;
import io.parley.base.block.CommitCertificate;
import io.parley.base.block.CommitCertificate.CommitVote;
import io.parley.base.encoding.EncodingException;
import io.parley.consensus.simulation.TestChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static final TestChain CHAIN = TestChain.of(4);
  private static final MessageCodec CODEC = new MessageCodec(TestChain.MAX_TRANSACTION_SIZE);

  static Block block() {
    return TestChain.block(
        CHAIN.genesis,
        CHAIN.keys.get(1).address(),
        5,
        3,
        new ConsensusData(0, Optional.empty()).encode());
  }

  static List<ConsensusMessage> samples() {
    Block block = block();
    Vote prevote =
        Vote.sign(
            TestChain.CHAIN_ID,
            VoteType.PREVOTE,
            1,
            0,
            Optional.of(block.hash()),
            2,
            CHAIN.keys.get(2));
    Vote nilPrecommit =
        Vote.sign(
            TestChain.CHAIN_ID, VoteType.PRECOMMIT, 1, 3, Optional.empty(), 0, CHAIN.keys.get(0));
    Proposal plain =
        Proposal.sign(TestChain.CHAIN_ID, 1, 0, block, Optional.empty(), 1, CHAIN.keys.get(1));
    Proposal withPolka =
        Proposal.sign(
            TestChain.CHAIN_ID,
            1,
            2,
            block,
            Optional.of(new PolkaCertificate(0, List.of(new CommitVote(2, prevote.signature())))),
            3,
            CHAIN.keys.get(3));
    CommitDecision decision =
        new CommitDecision(
            new CommitCertificate(
                1, 0, block.hash(), List.of(new CommitVote(0, prevote.signature()))));
    return List.of(prevote, nilPrecommit, plain, withPolka, decision);
  }

  @Test
  void roundTripsEveryMessageKind() {
    for (ConsensusMessage message : samples()) {
      Bytes bytes = MessageCodec.encode(message);
      assertThat(CODEC.decode(bytes)).isEqualTo(message);
    }
  }

  @Test
  void tellsTheKindOfAFrameForDispatch() {
    assertThat(MessageCodec.kindOf(MessageCodec.encode(samples().getFirst()))).hasValue(2);
    assertThat(MessageCodec.kindOf(new BlockRequest(1, 2).encode())).hasValue(BlockRequest.KIND);
    assertThat(MessageCodec.kindOf(Bytes.of(1, 2, 3))).isEmpty();
  }

  @Test
  void precommitForABlockSignsTheCommitCertificateHash() {
    Bytes32 hash = Bytes32.random();
    assertThat(SigningHashes.vote(VoteType.PRECOMMIT, 9, 4, 2, Optional.of(hash)))
        .isEqualTo(CommitCertificate.signingHash(9, 4, 2, hash));
    assertThat(SigningHashes.vote(VoteType.PREVOTE, 9, 4, 2, Optional.of(hash)))
        .isNotEqualTo(CommitCertificate.signingHash(9, 4, 2, hash));
  }

  @Test
  void rejectsTrailingBytesAndUnknownKinds() {
    Bytes vote = MessageCodec.encode(samples().getFirst());
    assertThatThrownBy(() -> CODEC.decode(Bytes.concatenate(vote, Bytes.of(0))))
        .isInstanceOf(EncodingException.class);
    Bytes unknown = RLP.encodeList(w -> w.writeInt(9));
    assertThatThrownBy(() -> CODEC.decode(unknown)).isInstanceOf(EncodingException.class);
  }

  @Test
  void rejectsNonCanonicalIntegers() {
    Vote v = (Vote) samples().getFirst();
    Bytes padded =
        RLP.encodeList(
            w -> {
              w.writeInt(MessageCodec.VOTE);
              w.writeInt(1);
              w.writeValue(Bytes.of(0, 1)); // height 1 with a leading zero
              w.writeLong(0);
              w.writeValue(v.blockHash().orElseThrow());
              w.writeInt(2);
              w.writeValue(v.signature().toBytes());
            });
    assertThatThrownBy(() -> CODEC.decode(padded)).isInstanceOf(EncodingException.class);
  }

  @Test
  void randomCorruptionsNeverEscapeAsOtherErrors() {
    long seed = 20261125L;
    SplittableRandom random = new SplittableRandom(seed);
    List<Bytes> encodings = new ArrayList<>();
    samples().forEach(m -> encodings.add(MessageCodec.encode(m)));
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = encodings.get(random.nextInt(encodings.size())).toArray();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      Bytes input = Bytes.wrap(bytes, 0, 1 + random.nextInt(bytes.length));
      try {
        ConsensusMessage decoded = CODEC.decode(input);
        assertThat(MessageCodec.encode(decoded)).as("seed %d case %d", seed, i).isEqualTo(input);
      } catch (EncodingException expected) {
        // malformed input is an expected, typed rejection
      }
    }
  }

  @Test
  void syncMessagesAndConsensusDataRoundTrip() {
    Block block = block();
    CommitCertificate certificate = ((CommitDecision) samples().get(4)).certificate();
    var response = new BlockResponse(List.of(new CertifiedBlock(block, certificate)));
    assertThat(BlockResponse.decode(response.encode(), TestChain.MAX_TRANSACTION_SIZE))
        .isEqualTo(response);
    var request = new BlockRequest(3, 9);
    assertThat(BlockRequest.decode(request.encode())).isEqualTo(request);
    var data = new ConsensusData(4, Optional.of(certificate));
    assertThat(ConsensusData.decode(data.encode())).isEqualTo(data);
    assertThatThrownBy(
            () ->
                BlockRequest.decode(
                    RLP.encodeList(
                        w -> {
                          w.writeInt(BlockRequest.KIND);
                          w.writeLong(5);
                          w.writeLong(2);
                        })))
        .isInstanceOf(EncodingException.class);
  }
}

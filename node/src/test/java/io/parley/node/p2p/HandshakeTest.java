package io.parley.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.base.block.ValidatorSet;
import io.parley.base.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private final List<KeyPair> keys = TestValidators.keys(4);
  private final ValidatorSet validators = TestValidators.set(keys);
  private final long chain = TestValidators.CHAIN_ID;

  @Test
  void bothSidesProveTheirKeysAndShareDirectionalCiphers() throws Exception {
    Handshake a = Handshake.initiator(chain, validators, keys.get(0), 2);
    Handshake b = Handshake.responder(chain, validators, keys.get(2));
    byte[] authB = b.onPeerHello(a.hello());
    byte[] authA = a.onPeerHello(b.hello());
    Handshake.Session atA = a.onPeerAuth(authB);
    Handshake.Session atB = b.onPeerAuth(authA);
    assertThat(atA.peerIndex()).isEqualTo(2);
    assertThat(atB.peerIndex()).isEqualTo(0);
    byte[] message = "prevote".getBytes(StandardCharsets.US_ASCII);
    assertThat(atB.receiving().open(atA.sending().seal(message))).isEqualTo(message);
    assertThat(atA.receiving().open(atB.sending().seal(message))).isEqualTo(message);
  }

  @Test
  void refusesAPeerOutsideTheValidatorSet() throws Exception {
    KeyPair outsider = TestValidators.key("outsider");
    // The outsider believes it is validator 1 of a set with its own key in it.
    var forged = List.of(keys.get(0), outsider, keys.get(2), keys.get(3));
    Handshake impostor = Handshake.initiator(chain, TestValidators.set(forged), outsider, 0);
    Handshake honest = Handshake.responder(chain, validators, keys.get(0));
    byte[] honestAuth = honest.onPeerHello(impostor.hello());
    byte[] impostorAuth = impostor.onPeerHello(honest.hello());
    assertThatThrownBy(() -> honest.onPeerAuth(impostorAuth))
        .isInstanceOf(HandshakeException.class)
        .hasMessageContaining("does not match validator 1");
    assertThat(honestAuth).isNotEmpty();
  }

  @Test
  void anAuthCannotBeReplayedIntoAnotherSessionOrReflected() throws Exception {
    Handshake a = Handshake.initiator(chain, validators, keys.get(0), 1);
    Handshake b = Handshake.responder(chain, validators, keys.get(1));
    byte[] authB = b.onPeerHello(a.hello());
    a.onPeerHello(b.hello());
    a.onPeerAuth(authB);
    // Same peers, fresh ephemeral keys: the old AUTH frame does not open.
    Handshake a2 = Handshake.initiator(chain, validators, keys.get(0), 1);
    Handshake b2 = Handshake.responder(chain, validators, keys.get(1));
    b2.onPeerHello(a2.hello());
    a2.onPeerHello(b2.hello());
    assertThatThrownBy(() -> a2.onPeerAuth(authB)).isInstanceOf(HandshakeException.class);
  }

  @Test
  void refusesAnotherChainAndMalformedHellos() {
    Handshake a = Handshake.initiator(chain + 1, validators, keys.get(0), 1);
    Handshake b = Handshake.responder(chain, validators, keys.get(1));
    assertThatThrownBy(() -> b.onPeerHello(a.hello())).isInstanceOf(HandshakeException.class);
    assertThatThrownBy(() -> b.onPeerHello(new byte[] {1, 2, 3}))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void framesMustArriveInOrderAndUnaltered() throws Exception {
    byte[] key = new byte[32];
    FrameCipher sender = new FrameCipher(key);
    FrameCipher receiver = new FrameCipher(key);
    byte[] first = sender.seal(new byte[] {1});
    byte[] second = sender.seal(new byte[] {2});
    assertThatThrownBy(() -> receiver.open(second)).isInstanceOf(HandshakeException.class);
    FrameCipher fresh = new FrameCipher(key);
    first[0] ^= 1;
    assertThatThrownBy(() -> fresh.open(first)).isInstanceOf(HandshakeException.class);
  }
}

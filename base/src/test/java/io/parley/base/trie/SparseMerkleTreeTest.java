package io.parley.base.trie;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseMerkleTreeTest {

  private final InMemoryNodeStore store = new InMemoryNodeStore();
  private final SparseMerkleTree tree = new SparseMerkleTree(store);

  private Bytes32 apply(Bytes32 root, Map<Bytes32, Optional<Bytes>> changes) {
    SparseMerkleTree.Update update = tree.update(root, new TreeMap<>(changes));
    store.putAll(update.newNodes());
    return update.root();
  }

  private static Bytes32 randomKey(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Bytes32.wrap(b);
  }

  private static Bytes randomValue(Random random) {
    byte[] b = new byte[1 + random.nextInt(40)];
    random.nextBytes(b);
    return Bytes.wrap(b);
  }

  @Test
  void emptyTreeHasZeroRootAndProvesAbsence() {
    Bytes32 key = Bytes32.fromHexStringLenient("0x01");
    assertThat(tree.get(SparseMerkleTree.EMPTY_ROOT, key)).isEmpty();
    MerkleProof proof = tree.prove(SparseMerkleTree.EMPTY_ROOT, key);
    assertThat(proof.verify(SparseMerkleTree.EMPTY_ROOT)).isTrue();
    assertThat(proof.value()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void rootIsIndependentOfInsertionOrder(long seed) {
    Random random = new Random(seed);
    Map<Bytes32, Bytes> entries = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      entries.put(randomKey(random), randomValue(random));
    }
    // One batch.
    Map<Bytes32, Optional<Bytes>> all = new HashMap<>();
    entries.forEach((k, v) -> all.put(k, Optional.of(v)));
    Bytes32 batchRoot = apply(SparseMerkleTree.EMPTY_ROOT, all);

    // One key at a time, in a shuffled order.
    List<Bytes32> keys = new ArrayList<>(entries.keySet());
    Collections.shuffle(keys, random);
    Bytes32 root = SparseMerkleTree.EMPTY_ROOT;
    for (Bytes32 k : keys) {
      root = apply(root, Map.of(k, Optional.of(entries.get(k))));
    }
    assertThat(root).as("seed %d", seed).isEqualTo(batchRoot);

    // Insert extra keys, then delete them again: the root returns.
    Map<Bytes32, Optional<Bytes>> extra = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      extra.put(randomKey(random), Optional.of(randomValue(random)));
    }
    Bytes32 withExtra = apply(root, extra);
    assertThat(withExtra).isNotEqualTo(root);
    Map<Bytes32, Optional<Bytes>> deletions = new HashMap<>();
    extra.keySet().forEach(k -> deletions.put(k, Optional.empty()));
    assertThat(apply(withExtra, deletions)).as("seed %d", seed).isEqualTo(batchRoot);
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void getAndProofsAgreeWithAReferenceMap(long seed) {
    Random random = new Random(seed);
    Map<Bytes32, Bytes> reference = new HashMap<>();
    Bytes32 root = SparseMerkleTree.EMPTY_ROOT;
    List<Bytes32> known = new ArrayList<>();
    for (int round = 0; round < 30; round++) {
      Map<Bytes32, Optional<Bytes>> changes = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        int action = random.nextInt(3);
        if (action == 0 && !known.isEmpty()) {
          Bytes32 k = known.get(random.nextInt(known.size()));
          changes.put(k, Optional.empty());
        } else if (action == 1 && !known.isEmpty()) {
          changes.put(known.get(random.nextInt(known.size())), Optional.of(randomValue(random)));
        } else {
          Bytes32 k = randomKey(random);
          known.add(k);
          changes.put(k, Optional.of(randomValue(random)));
        }
      }
      root = apply(root, changes);
      changes.forEach(
          (k, v) -> v.ifPresentOrElse(x -> reference.put(k, x), () -> reference.remove(k)));
      for (Bytes32 k : known) {
        assertThat(tree.get(root, k))
            .as("seed %d", seed)
            .isEqualTo(Optional.ofNullable(reference.get(k)));
        MerkleProof proof = tree.prove(root, k);
        assertThat(proof.verify(root)).as("seed %d key %s", seed, k).isTrue();
        assertThat(proof.value()).isEqualTo(Optional.ofNullable(reference.get(k)));
      }
      Bytes32 absent = randomKey(random);
      MerkleProof absence = tree.prove(root, absent);
      assertThat(absence.verify(root)).isTrue();
      assertThat(absence.value()).isEmpty();
    }
  }

  @Test
  void tamperedProofsFail() {
    Random random = new Random(99);
    Map<Bytes32, Optional<Bytes>> changes = new HashMap<>();
    List<Bytes32> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Bytes32 k = randomKey(random);
      keys.add(k);
      changes.put(k, Optional.of(randomValue(random)));
    }
    Bytes32 root = apply(SparseMerkleTree.EMPTY_ROOT, changes);
    Bytes32 key = keys.get(17);
    MerkleProof good = tree.prove(root, key);
    assertThat(good.verify(root)).isTrue();
    assertThat(good.siblings()).isNotEmpty();

    // A changed value.
    MerkleProof wrongValue =
        new MerkleProof(key, good.leafKey(), Optional.of(Bytes.of(1, 2, 3)), good.siblings());
    assertThat(wrongValue.verify(root)).isFalse();

    // A changed sibling.
    List<Bytes32> siblings = new ArrayList<>(good.siblings());
    siblings.set(0, Bytes32.fromHexStringLenient("0x1234"));
    assertThat(new MerkleProof(key, good.leafKey(), good.leafValue(), siblings).verify(root))
        .isFalse();

    // A dropped sibling.
    List<Bytes32> shorter = good.siblings().subList(0, good.siblings().size() - 1);
    assertThat(new MerkleProof(key, good.leafKey(), good.leafValue(), shorter).verify(root))
        .isFalse();

    // Claiming absence of a present key.
    assertThat(
            new MerkleProof(key, Optional.empty(), Optional.empty(), good.siblings()).verify(root))
        .isFalse();

    // Using another key's leaf as "absence" proof for a key not on its path.
    MerkleProof other = tree.prove(root, keys.get(3));
    assertThat(
            new MerkleProof(key, other.leafKey(), other.leafValue(), other.siblings()).verify(root))
        .isFalse();

    // Against another root.
    assertThat(good.verify(Bytes32.fromHexStringLenient("0x01"))).isFalse();
  }

  @Test
  void singleLeafSitsAtTheRoot() {
    Bytes32 key = Bytes32.fromHexStringLenient("0xff");
    Bytes32 root = apply(SparseMerkleTree.EMPTY_ROOT, Map.of(key, Optional.of(Bytes.of(5))));
    assertThat(root)
        .isEqualTo(TrieNode.leafHash(key, io.parley.base.crypto.Hashing.keccak256(Bytes.of(5))));
    assertThat(tree.prove(root, key).siblings()).isEmpty();
  }
}

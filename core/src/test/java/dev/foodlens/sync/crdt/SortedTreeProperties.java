package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SortedTreeProperties {

  @Property(tries = 300)
  void put_anySequence_behavesLikeTreeMapAndKeepsEveryEarlierVersion(
      @ForAll @Size(max = 300) List<@IntRange(min = -50, max = 500) Integer> keys) {
    TreeMap<Integer, String> model = new TreeMap<>();
    SortedTree<Integer, String> tree = SortedTree.empty(Comparator.naturalOrder());
    List<SortedTree<Integer, String>> versions = new ArrayList<>();
    List<Map<Integer, String>> models = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      model.put(keys.get(i), "v" + i);
      tree = tree.put(keys.get(i), "v" + i);
      versions.add(tree);
      models.add(new TreeMap<>(model));
    }

    for (int i = 0; i < versions.size(); i++) {
      assertThat(entries(versions.get(i))).isEqualTo(new ArrayList<>(models.get(i).entrySet()));
      assertThat(versions.get(i).size()).isEqualTo(models.get(i).size());
      assertThat(versions.get(i).height()).isLessThanOrEqualTo(maxAvlHeight(models.get(i).size()));
      for (int key = -50; key <= 500; key += 7) {
        assertThat(versions.get(i).get(key)).isEqualTo(models.get(i).get(key));
      }
    }
  }

  @Test
  void put_ascendingKeys_staysLogarithmicallyShallow() {
    SortedTree<Integer, Integer> tree = SortedTree.empty(Comparator.naturalOrder());
    for (int i = 0; i < 100_000; i++) {
      tree = tree.put(i, i);
    }

    assertThat(tree.size()).isEqualTo(100_000);
    assertThat(tree.height()).isLessThanOrEqualTo(maxAvlHeight(100_000));
    assertThat(tree.get(99_999)).isEqualTo(99_999);
  }

  @Test
  void put_sameValueAgain_returnsTheSameTree() {
    String value = "v";
    SortedTree<Integer, String> tree = SortedTree.<Integer, String>empty(Comparator.naturalOrder())
        .put(1, value);

    assertThat(tree.put(1, value)).isSameAs(tree);
    assertThat(tree.put(1, "w")).isNotEqualTo(tree);
  }

  private static int maxAvlHeight(int n) {
    return (int) Math.floor(1.4405 * Math.log(n + 2) / Math.log(2));
  }

  private static <K, V> List<Map.Entry<K, V>> entries(SortedTree<K, V> tree) {
    List<Map.Entry<K, V>> entries = new ArrayList<>();
    tree.forEach((k, v) -> entries.add(Map.entry(k, v)));
    return entries;
  }
}

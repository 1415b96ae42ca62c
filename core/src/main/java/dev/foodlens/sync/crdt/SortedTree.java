package dev.foodlens.sync.crdt;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An immutable sorted map that {@link #put} updates by copying only the path to the key, an
 * AVL tree: both {@link #get} and {@link #put} cost O(log n) and share every untouched node with
 * the original. {@link OrSet} applies one op per call and keeps each earlier value valid (a
 * cached set, the state before a write), which a copy of a whole map per op made quadratic.
 *
 * <p>Immutable and thread-safe; keys and values are never null. {@code equals} compares the
 * entries in order, as {@link java.util.Map#equals} would.
 */
final class SortedTree<K, V> {
  private record Node<K, V>(K key, V value, @Nullable Node<K, V> left,
      @Nullable Node<K, V> right, int height) {}

  private final Comparator<? super K> order;
  private final @Nullable Node<K, V> root;
  private final int size;

  private SortedTree(Comparator<? super K> order, @Nullable Node<K, V> root, int size) {
    this.order = order;
    this.root = root;
    this.size = size;
  }

  static <K, V> SortedTree<K, V> empty(Comparator<? super K> order) {
    return new SortedTree<>(requireNonNull(order, "order"), null, 0);
  }

  int size() {
    return size;
  }

  /** Levels from the root to the deepest leaf: at most 1.44 log2(n + 2), what get and put walk. */
  int height() {
    return height(root);
  }

  @Nullable V get(K key) {
    Node<K, V> node = root;
    while (node != null) {
      int c = order.compare(key, node.key);
      if (c == 0) {
        return node.value;
      }
      node = c < 0 ? node.left : node.right;
    }
    return null;
  }

  /** This map with {@code key} mapped to {@code value}; this very map when it already was. */
  SortedTree<K, V> put(K key, V value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    V current = get(key);
    if (current == value) {
      return this;
    }
    return new SortedTree<>(order, insert(root, key, value), current == null ? size + 1 : size);
  }

  /** Visits every entry in key order. */
  void forEach(BiConsumer<? super K, ? super V> action) {
    // Iterative, so that no tree shape could exhaust the stack.
    List<Node<K, V>> path = new ArrayList<>();
    Node<K, V> node = root;
    while (node != null || !path.isEmpty()) {
      while (node != null) {
        path.add(node);
        node = node.left;
      }
      Node<K, V> next = path.remove(path.size() - 1);
      action.accept(next.key, next.value);
      node = next.right;
    }
  }

  /** The values in key order. */
  List<V> values() {
    List<V> values = new ArrayList<>(size);
    forEach((k, v) -> values.add(v));
    return values;
  }

  private Node<K, V> insert(@Nullable Node<K, V> node, K key, V value) {
    if (node == null) {
      return new Node<>(key, value, null, null, 1);
    }
    int c = order.compare(key, node.key);
    if (c == 0) {
      return new Node<>(key, value, node.left, node.right, node.height);
    }
    return c < 0
        ? balance(node.key, node.value, insert(node.left, key, value), node.right)
        : balance(node.key, node.value, node.left, insert(node.right, key, value));
  }

  /** Restores the AVL invariant after one side grew by at most one level. */
  private static <K, V> Node<K, V> balance(K key, V value, @Nullable Node<K, V> left,
      @Nullable Node<K, V> right) {
    int lean = height(left) - height(right);
    if (lean > 1) {
      Node<K, V> l = Objects.requireNonNull(left);
      if (height(l.left) >= height(l.right)) {
        return node(l.key, l.value, l.left, node(key, value, l.right, right));
      }
      Node<K, V> lr = Objects.requireNonNull(l.right);
      return node(lr.key, lr.value, node(l.key, l.value, l.left, lr.left),
          node(key, value, lr.right, right));
    }
    if (lean < -1) {
      Node<K, V> r = Objects.requireNonNull(right);
      if (height(r.right) >= height(r.left)) {
        return node(r.key, r.value, node(key, value, left, r.left), r.right);
      }
      Node<K, V> rl = Objects.requireNonNull(r.left);
      return node(rl.key, rl.value, node(key, value, left, rl.left),
          node(r.key, r.value, rl.right, r.right));
    }
    return node(key, value, left, right);
  }

  private static <K, V> Node<K, V> node(K key, V value, @Nullable Node<K, V> left,
      @Nullable Node<K, V> right) {
    return new Node<>(key, value, left, right, 1 + Math.max(height(left), height(right)));
  }

  private static int height(@Nullable Node<?, ?> node) {
    return node == null ? 0 : node.height;
  }

  private List<Object> entries() {
    List<Object> entries = new ArrayList<>(2 * size);
    forEach((k, v) -> {
      entries.add(k);
      entries.add(v);
    });
    return entries;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SortedTree<?, ?> other && size == other.size
        && entries().equals(other.entries());
  }

  @Override
  public int hashCode() {
    int[] hash = {0};
    forEach((k, v) -> hash[0] += k.hashCode() ^ v.hashCode());
    return hash[0];
  }
}

package dev.foodlens.sync.store;

import dev.foodlens.sync.crdt.AllergyOp;
import dev.foodlens.sync.crdt.MergeMode;
import dev.foodlens.sync.crdt.OrSet;
import dev.foodlens.sync.crdt.Stamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where a cold allergy load's time goes, in process, for one history of N ops shaped like
 * {@code AllergyHistoryBench}'s: the old path (apply every op in order) against the snapshot's
 * (encode, decode, {@code OrSet.restore}). Not a test: it prints numbers, five repetitions.
 * In package {@code store} to reach {@code AllergySnapshot}:
 * <pre>
 *   javac -d bench/.work-allergy/cost -cp target/foodlens-sync.jar bench/allergy/AllergyLogCost.java
 *   java -cp target/foodlens-sync.jar:bench/.work-allergy/cost \
 *       dev.foodlens.sync.store.AllergyLogCost 10000
 * </pre>
 */
public final class AllergyLogCost {
  private AllergyLogCost() {}

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    List<AllergyOp> log = new ArrayList<>();
    OrSet set = OrSet.empty();
    for (int j = 0; j < n; j++) {
      String allergen = String.format("other-h%02d", j % 100);
      boolean add = (j / 100) % 2 == 0;
      Stamp stamp = new Stamp(1_000 + j, "bench", UUID.randomUUID());
      long observed = !add && j % 7 == 0 ? Math.max(0, j - 50) : j;
      AllergyOp op = add
          ? new AllergyOp.Add(allergen, "mild", observed, stamp, j + 1, MergeMode.MANUAL)
          : new AllergyOp.Remove(allergen, observed, stamp, j + 1, MergeMode.MANUAL);
      set = set.apply(op).state();
      log.add(op);
    }
    for (int rep = 0; rep < 5; rep++) {
      long t0 = System.nanoTime();
      OrSet replayed = OrSet.empty();
      for (AllergyOp op : log) {
        replayed = replayed.apply(op).state();
      }
      long t1 = System.nanoTime();
      String state = AllergySnapshot.encode(set);
      long t2 = System.nanoTime();
      List<AllergyOp> decoded = AllergySnapshot.decode(state);
      long t3 = System.nanoTime();
      OrSet restored = OrSet.restore(decoded);
      long t4 = System.nanoTime();
      System.out.printf("%,d ops: replay op by op %.1f ms | snapshot encode %.1f ms (%,d chars),"
          + " decode %.1f ms, restore %.1f ms | same set: %b%n", n, (t1 - t0) / 1e6,
          (t2 - t1) / 1e6, state.length(), (t3 - t2) / 1e6, (t4 - t3) / 1e6,
          restored.equals(replayed));
    }
  }
}

package dev.foodlens.sync.crdt;

import static dev.foodlens.sync.crdt.OrSetProperties.applyAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.Histories.History;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The merge laws, over sets that each received part of one history's deliveries. Parts overlap,
 * miss ops the others hold and may even accept contrary decisions on one conflict, as replicas
 * that never synced with each other would.
 */
class OrSetMergeProperties {

  @Provide
  Arbitrary<History> histories() {
    return Histories.histories(null);
  }

  @Property(tries = 500)
  void merge_anyTwoSets_isCommutative(@ForAll("histories") History history,
      @ForAll Random random) {
    List<AllergyOp> delivered = Histories.run(history, null).delivered();
    OrSet a = part(delivered, random);
    OrSet b = part(delivered, random);

    assertThat(OrSet.merge(a, b)).isEqualTo(OrSet.merge(b, a));
  }

  @Property(tries = 500)
  void merge_anyThreeSets_isAssociative(@ForAll("histories") History history,
      @ForAll Random random) {
    List<AllergyOp> delivered = Histories.run(history, null).delivered();
    OrSet a = part(delivered, random);
    OrSet b = part(delivered, random);
    OrSet c = part(delivered, random);

    assertThat(OrSet.merge(OrSet.merge(a, b), c)).isEqualTo(OrSet.merge(a, OrSet.merge(b, c)));
  }

  @Property(tries = 500)
  void merge_withItselfOrEmpty_isIdentity(@ForAll("histories") History history,
      @ForAll Random random) {
    OrSet a = part(Histories.run(history, null).delivered(), random);

    assertThat(OrSet.merge(a, a)).isEqualTo(a);
    assertThat(OrSet.merge(a, OrSet.empty())).isEqualTo(a);
  }

  @Property(tries = 500)
  void merge_twoPrefixesOfOneLog_equalsTheLongerPrefix(@ForAll("histories") History history,
      @ForAll Random random) {
    List<AllergyOp> log = Histories.accepted(Histories.run(history, null));
    int shorter = random.nextInt(log.size() + 1);
    int longer = shorter + random.nextInt(log.size() - shorter + 1);
    OrSet a = applyAll(OrSet.empty(), log.subList(0, shorter));
    OrSet b = applyAll(OrSet.empty(), log.subList(0, longer));

    assertThat(OrSet.merge(a, b)).isEqualTo(b);
  }

  @Property(tries = 500)
  void merge_twoSetsOfAddsAndRemoves_equalsApplyingBoth(@ForAll("histories") History history,
      @ForAll Random random) {
    List<AllergyOp> writes = Histories.accepted(Histories.run(history, null)).stream()
        .filter(op -> !(op instanceof AllergyOp.Resolve)).toList();
    List<AllergyOp> left = writes.stream().filter(op -> random.nextBoolean()).toList();
    List<AllergyOp> right = writes.stream().filter(op -> random.nextBoolean()).toList();
    OrSet a = applyAll(OrSet.empty(), left);
    OrSet b = applyAll(OrSet.empty(), right);

    assertThat(OrSet.merge(a, b)).isEqualTo(applyAll(a, right));
  }

  /** A set that received a random part of {@code delivered}, in order. */
  private static OrSet part(List<AllergyOp> delivered, Random random) {
    return applyAll(OrSet.empty(),
        delivered.stream().filter(op -> random.nextBoolean()).toList());
  }
}

package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class AllergyOpTest {
  private static final Stamp STAMP = new Stamp(1, "d1", new UUID(1, 1));

  @Test
  void add_withoutObservedVersion_observesEverythingBeforeIt() {
    AllergyOp.Add add = AllergyOp.add("peanut", null, null, STAMP, 7, MergeMode.MANUAL);

    assertThat(add.observedVersion()).isEqualTo(6);
  }

  @Test
  void remove_observedVersionFromTheFuture_isCappedBelowItsOwn() {
    AllergyOp.Remove remove = AllergyOp.remove("peanut", 40L, STAMP, 7, MergeMode.MANUAL);

    assertThat(remove.observedVersion()).isEqualTo(6);
  }

  @Test
  void add_observedVersionNotBelowVersion_throws() {
    assertThatIllegalArgumentException().isThrownBy(
        () -> new AllergyOp.Add("peanut", null, 7, STAMP, 7, MergeMode.MANUAL));
  }

  @Test
  void remove_negativeObservedVersion_throws() {
    assertThatIllegalArgumentException().isThrownBy(
        () -> AllergyOp.remove("peanut", -1L, STAMP, 7, MergeMode.MANUAL));
  }

  @Test
  void opId_isTheStampsOpId() {
    assertThat(new AllergyOp.Resolve(new UUID(2, 2), Decision.KEEP, STAMP, 1).opId())
        .isEqualTo(STAMP.opId());
  }

  @Test
  void idOf_samePair_isStableAndDependsOnRoles() {
    UUID remove = UUID.fromString("f0000000-0000-0000-0000-000000000001");
    UUID add = UUID.fromString("00000000-0000-0000-0000-000000000002");

    // Pinned: stores and other replicas keep conflict ids, so the derivation must never drift.
    assertThat(Conflict.idOf(remove, add))
        .isEqualTo(UUID.fromString("0152ae40-b235-3d52-bf3c-267fe1b2ced4"))
        .isNotEqualTo(Conflict.idOf(add, remove));
  }
}

package dev.foodlens.sync.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The register's merge laws and the hybrid clock's monotonicity (design §2). */
class LwwRegisterProperties {
  @Provide
  Arbitrary<LwwRegister<String>> registers() {
    Arbitrary<Long> ts = Arbitraries.longs().between(0, 20);
    Arbitrary<String> device = Arbitraries.of("", "d1", "d2");
    Arbitrary<UUID> opId = Arbitraries.longs().between(-3, 3).tuple2()
        .map(t -> new UUID(t.get1(), t.get2()));
    // One op writes one value: equal stamps always carry equal values, as in the real system.
    return Combinators.combine(ts, device, opId).as((t, d, o) -> LwwRegister.of(
        o.getLeastSignificantBits() % 5 == 0 ? null : "v" + (o.getLeastSignificantBits() % 7),
        new Stamp(t, d, o)));
  }

  @Property
  void merge_isCommutative(@ForAll("registers") LwwRegister<String> a,
      @ForAll("registers") LwwRegister<String> b) {
    assertThat(a.merge(b)).isEqualTo(b.merge(a));
  }

  @Property
  void merge_isAssociative(@ForAll("registers") LwwRegister<String> a,
      @ForAll("registers") LwwRegister<String> b, @ForAll("registers") LwwRegister<String> c) {
    assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
  }

  @Property
  void merge_isIdempotent(@ForAll("registers") LwwRegister<String> a,
      @ForAll("registers") LwwRegister<String> b) {
    assertThat(a.merge(a)).isEqualTo(a);
    assertThat(a.merge(b).merge(b)).isEqualTo(a.merge(b));
  }

  @Property
  void merge_keepsTheGreatestStamp(@ForAll("registers") LwwRegister<String> a,
      @ForAll("registers") LwwRegister<String> b) {
    LwwRegister<String> winner = a.merge(b);
    assertThat(winner.stamp()).isGreaterThanOrEqualTo(a.stamp()).isGreaterThanOrEqualTo(b.stamp());
  }

  @Property
  void hlcNext_strictlyIncreases_whateverTheWallClockDoes(
      @ForAll("wallClock") long[] readings) {
    long last = 0;
    for (long now : readings) {
      long next = Hlc.next(last, now);
      assertThat(next).isGreaterThan(last).isGreaterThanOrEqualTo(now);
      last = next;
    }
  }

  @Provide
  Arbitrary<long[]> wallClock() {
    return Arbitraries.longs().between(0, 1_000_000_000_000L).array(long[].class).ofMaxSize(50);
  }

  @Property
  void opIdOrder_isUnsignedAndTotal(@ForAll long hiA, @ForAll long loA, @ForAll long hiB,
      @ForAll long loB) {
    UUID a = new UUID(hiA, loA);
    UUID b = new UUID(hiB, loB);
    String hexA = String.format("%016x%016x", hiA, loA);
    String hexB = String.format("%016x%016x", hiB, loB);
    assertThat(Integer.signum(OpIds.compare(a, b))).isEqualTo(Integer.signum(hexA.compareTo(hexB)));
  }
}

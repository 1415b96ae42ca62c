package dev.foodlens.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foodlens.sync.crdt.OpIds;
import dev.foodlens.sync.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Design §2: one op-id order in Java and in SQL. */
class OpIdOrderTest {
  @Test
  void javaOrder_agreesWithPostgresUuidOrder() throws Exception {
    Random random = new Random(42);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    ids.add(new UUID(Long.MIN_VALUE, 0));
    ids.add(new UUID(-1L, -1L));
    ids.add(new UUID(0, 0));
    List<UUID> fromPostgres = new ArrayList<>();
    try (TestDatabase db = TestDatabase.create(OpIdOrderTest.class);
        Connection c = db.jdbc();
        PreparedStatement s = c.prepareStatement("SELECT id FROM unnest(?::uuid[]) AS id "
            + "ORDER BY id")) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          fromPostgres.add((UUID) rs.getObject(1));
        }
      }
    }
    List<UUID> fromJava = new ArrayList<>(ids);
    fromJava.sort(OpIds.ORDER);
    assertThat(fromJava).containsExactlyElementsOf(fromPostgres);
    List<UUID> signed = new ArrayList<>(ids);
    signed.sort(UUID::compareTo);
    assertThat(signed).as("UUID.compareTo is signed and disagrees").isNotEqualTo(fromPostgres);
  }
}

package dev.foodlens.sync.store;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Postgres roles of least privilege (issue 12): {@code owner} owns the schema and runs the
 * migrations, {@code app} is what the pool logs in as (DML only, its user's rows only), and
 * {@code maintenance} is what background jobs switch to for work across users. Names are plain
 * lower-case identifiers, so they can be written into SQL without quoting.
 *
 * @param appPassword set on the app role at start when not null (trust or peer auth need none)
 */
public record DbRoles(String owner, String app, @Nullable String appPassword,
    String maintenance) {
  public static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  public DbRoles {
    for (String name : new String[] {owner, app, maintenance}) {
      requireNonNull(name, "role name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a role name must match " + NAME + ": " + name);
      }
    }
    if (owner.equals(app) || owner.equals(maintenance) || app.equals(maintenance)) {
      throw new IllegalArgumentException("the owner, app and maintenance roles must differ");
    }
  }

  public static DbRoles defaults() {
    return new DbRoles("foodlens_owner", "foodlens_app", null, "foodlens_maintenance");
  }
}

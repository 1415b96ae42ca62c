package dev.foodlens.sync.client;

import java.nio.file.Path;

/** The default store, sqlite-jdbc, against the store contract. */
class JdbcStoreContractTest extends LocalStoreContract {
  @Override
  LocalStore open(Path file) {
    return LocalStore.jdbc(file);
  }
}

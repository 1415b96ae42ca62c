package dev.foodlens.sync.client;

import dev.foodlens.sync.client.android.JdbcSupportDatabase;
import dev.foodlens.sync.client.android.SupportStore;
import java.nio.file.Path;

/**
 * The Android-shaped store ({@link SupportStore} over a {@code SupportSQLiteDatabase}-like API)
 * against the same contract, on a JVM stand-in for the platform's database.
 */
class SupportStoreContractTest extends LocalStoreContract {
  @Override
  LocalStore open(Path file) {
    return new SupportStore(JdbcSupportDatabase.open(file));
  }
}

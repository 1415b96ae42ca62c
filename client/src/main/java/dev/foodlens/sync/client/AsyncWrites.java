package dev.foodlens.sync.client;

import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The writes of {@link FoodLensSync} that return at once: the local commit runs on the SDK's
 * writer thread, in call order (the blocking forms queue there too, so mixing them keeps the
 * order). Arguments are checked on the caller's thread and refused there, as by the blocking
 * forms; the write is for the user signed in at the call.
 */
public interface AsyncWrites {
  Write patchProfile(Map<String, ?> fields);

  Write patchSettings(Map<String, ?> fields);

  Write addAllergy(String allergen, @Nullable Severity severity);

  Write removeAllergy(String allergen);

  Write createScan(Scan scan);

  Write patchScan(UUID scanId, Map<String, ?> fields);

  Write deleteScan(UUID scanId);

  Write resolveConflict(UUID conflictId, Decision decision);
}

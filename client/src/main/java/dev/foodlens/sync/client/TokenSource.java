package dev.foodlens.sync.client;

import org.jspecify.annotations.Nullable;

/**
 * Gives a bearer token for a user. Called for every request, with the user whose data the
 * request carries, so user A's queue can only ever travel under A's token; called once more
 * after a 401 (it should then refresh). Null means no token for that user now (signed out on the
 * identity side): the SDK holds that user's queue untouched and tries later.
 */
@FunctionalInterface
public interface TokenSource {
  @Nullable String token(String userId);
}

/**
 * A {@link dev.foodlens.sync.client.LocalStore} written against the shape of AndroidX's
 * {@code SupportSQLiteDatabase} and {@code Cursor}, so an Android app backs the SDK with the
 * platform's SQLite: it implements {@link dev.foodlens.sync.client.android.SupportDatabase} by
 * delegating each method to the same-named one of its {@code SupportSQLiteDatabase} (a few lines)
 * and passes {@link dev.foodlens.sync.client.android.SupportStore} to the builder.
 */
@NullMarked
package dev.foodlens.sync.client.android;

import org.jspecify.annotations.NullMarked;

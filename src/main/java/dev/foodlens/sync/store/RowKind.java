package dev.foodlens.sync.store;

/**
 * The statements a user's transaction writes rows with, in the order their batches reach
 * Postgres: a tag is inserted before a later op of the same batch tombstones it, and a history
 * entry before a later op updates or tombstones it. Change-feed rows follow all of them.
 */
enum RowKind {
  ALLERGY_OP("allergies/insert_op"),
  ALLERGY_TAG("allergies/insert_tag"),
  ALLERGY_TOMBSTONE("allergies/tombstone_tag"),
  ALLERGY_CONFLICT("allergies/upsert_conflict"),
  ALLERGY_AUTO_DECISION("allergies/insert_auto_decision"),
  ALLERGY_SNAPSHOT("allergies/upsert_snapshot"),
  HISTORY_INSERT("history/insert_entry"),
  HISTORY_UPDATE("history/update_registers"),
  HISTORY_TOMBSTONE("history/tombstone_entry"),
  FIELD("fields/upsert_field");

  final String path;

  RowKind(String path) {
    this.path = path;
  }
}

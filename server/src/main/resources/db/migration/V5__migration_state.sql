-- First-login migration of legacy local records (contract §6). migration_state already exists
-- (V1, 'none'); a call moves it to 'in-progress', the call marked complete to 'complete'.
-- migration_summary holds the running totals that every later call answers.
ALTER TABLE users
  ADD COLUMN migration_source       text,
  ADD COLUMN migration_completed_at timestamptz,
  ADD COLUMN migration_summary      jsonb,
  ADD CONSTRAINT users_migration_state
    CHECK (migration_state IN ('none', 'in-progress', 'complete'));

-- Per-entity write pauses (issue 6): pause allergies, say, while the rest flows.
INSERT INTO toggles (name, value) VALUES
  ('writesPaused.profile', false), ('writesPaused.settings', false),
  ('writesPaused.allergies', false), ('writesPaused.history', false);

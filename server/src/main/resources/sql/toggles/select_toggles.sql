SELECT name, value, revision FROM toggles

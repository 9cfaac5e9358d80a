"""Files: the data folder, safe YAML reading, atomic writes, temporary files, settings, the start-up cache."""

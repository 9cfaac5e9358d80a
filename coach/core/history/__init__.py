"""The workout history: the SQLite store, writing to it as a workout goes, and what is read back."""

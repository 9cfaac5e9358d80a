"""A workout: the timeline, the clock-driven engine, its cues, and what the user sees of it."""

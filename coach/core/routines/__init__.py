"""Routines: the model, the YAML format and its checks, writing routines, the library."""

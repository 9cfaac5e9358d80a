"""The pure-Python heart of Coach: routines, the workout engine, the FAQ and the history.

Nothing in this package imports Qt; a test checks that.
"""

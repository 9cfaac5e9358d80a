"""The history, opened when it is first needed: browsing routines needs no SQLite."""

from __future__ import annotations

from collections.abc import Callable


class HistoryOnDemand:
    """Holds the history store (``store``), or the way to open it on first use (``get``).

    ``opened`` is called once with the store when it is opened or handed over (``set``): the window
    tells what the store says (a file moved aside, history off) and starts recording.
    """

    def __init__(self, store=None, opener: Callable[[], object] | None = None) -> None:
        #: The History (None: not opened yet, or this window keeps none).
        self.store = store
        self._opener = opener
        self.opened: Callable[[object], None] = lambda store: None

    @property
    def available(self) -> bool:
        """True when workouts are kept in a history (opened already, or on first use)."""
        return self.store is not None or self._opener is not None

    def get(self):
        """The history, opened now if it was not yet; None when there is none."""
        if self.store is None and self._opener is not None:
            opener, self._opener = self._opener, None
            self.set(opener())
        return self.store

    def set(self, store) -> None:
        """From now on the history is ``store``."""
        self.store = store
        self.opened(store)

"""The history opened on first use (coach/core/history/on_demand.py), without Qt or SQLite."""

from __future__ import annotations

from coach.core.history.on_demand import HistoryOnDemand


def test_opened_once_when_first_needed_and_told_once() -> None:
    opened, told = [], []
    history = HistoryOnDemand(opener=lambda: opened.append("store") or "store")
    history.opened = told.append
    assert history.available and history.store is None and opened == []  # nothing opened to browse
    assert history.get() == "store" and history.get() == "store"
    assert opened == ["store"] and told == ["store"]


def test_without_a_history_nothing_is_kept() -> None:
    history = HistoryOnDemand()
    assert not history.available and history.get() is None


def test_a_store_handed_over_is_used_as_it_is() -> None:
    told = []
    history = HistoryOnDemand()
    history.opened = told.append
    history.set("other store")
    assert history.available and history.get() == "other store" and told == ["other store"]

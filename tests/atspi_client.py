"""Reads Coach through AT-SPI, as a screen reader does: run by the system Python (pyatspi), not Coach's.

tests/gui/test_screen_reader.py starts it as a child process on the test's own D-Bus session and
talks to it one JSON line per command on stdin, one JSON line per answer on stdout:

- ``{"do": "tree"}``: the active window of the application named "Coach", as nested nodes (role,
  name, description, states, actions, text), only what is showing.
- ``{"do": "focus"}``: the node that has the keyboard focus, once the events have settled.
- ``{"do": "events"}``: the announcements, text and name changes since the last call.

Nothing here knows Coach's widgets: the test decides what is right.
"""

from __future__ import annotations

import json
import sys
import time

try:
    import pyatspi
    from gi.repository import GLib
except ImportError as error:  # the test turns this into a skip with the package to install
    print(json.dumps({"error": f"pyatspi is missing ({error})"}), flush=True)
    sys.exit(3)

#: Roles of the items inside a list, table or tree: the focus on one of them is the focus on the view.
ITEM_ROLES = {"list item", "table cell", "tree item", "table row"}

_events: list[dict] = []
_focused = {"node": None}


def _states(node) -> list[str]:
    try:
        return [pyatspi.stateToString(state) for state in node.getState().getStates()]
    except Exception:  # noqa: BLE001 - a node that went away while being read
        return []


def _text(node) -> str | None:
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    except Exception:  # noqa: BLE001
        return None
    return text.getText(0, text.characterCount)


def _actions(node) -> list[str]:
    try:
        action = node.queryAction()
    except Exception:  # noqa: BLE001 - no Action interface
        return []
    return [action.getName(i) for i in range(action.nActions)]


def _describe(node, path: list[int], deep: bool) -> dict:
    described = {"role": node.getRoleName(), "name": node.name or "", "description": node.description or "",
                 "states": _states(node), "actions": _actions(node), "path": path}
    text = _text(node)
    if text is not None:
        described["text"] = text
    if deep:
        children = []
        for index in range(min(node.childCount, 500)):
            child = node.getChildAtIndex(index)
            if child is None:
                continue
            states = _states(child)
            if "showing" in states or child.getRoleName() in ("menu bar",):
                children.append(_describe(child, path + [index], deep))
        described["children"] = children
    return described


def _application():
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        if app is not None and app.name == "Coach":
            return app
    return None


def _active_window():
    app = _application()
    if app is None:
        return None
    windows = [app.getChildAtIndex(i) for i in range(app.childCount)]
    windows = [w for w in windows if w is not None]
    for window in windows:
        if "active" in _states(window):
            return window
    # A dialog is listed after its parent window.
    showing = [w for w in windows if "showing" in _states(w)]
    return showing[-1] if showing else None


def _path_in_window(node) -> tuple[list[int], object | None]:
    path = []
    while node is not None and node.getRoleName() not in ("frame", "dialog", "window", "application"):
        path.insert(0, node.getIndexInParent())
        node = node.parent
    return path, node


def _on_event(event) -> None:
    kind = event.type
    source = event.source
    if kind.startswith("object:state-changed:focused"):
        if event.detail1:
            _focused["node"] = source
        return
    try:
        role, name = source.getRoleName(), source.name
    except Exception:  # noqa: BLE001
        role, name = "", ""
    entry = {"type": str(kind), "role": role, "name": name, "time": time.monotonic()}
    if "announcement" in kind:
        entry["text"] = str(event.any_data)
    elif kind.startswith("object:text-changed"):
        entry["text"] = str(event.any_data)
        entry["now"] = _text(source)
    elif kind.startswith("object:property-change"):
        entry["text"] = str(event.any_data) if isinstance(event.any_data, str) else name
    _events.append(entry)


def _settle(quiet: float = 0.25, longest: float = 3.0) -> None:
    """Lets the pending events arrive: until none came for ``quiet`` seconds."""
    context = GLib.MainContext.default()
    start = last = time.monotonic()
    seen = len(_events), id(_focused["node"])
    while time.monotonic() - start < longest:
        if context.pending():
            context.iteration(False)
            now_seen = len(_events), id(_focused["node"])
            if now_seen != seen:
                seen, last = now_seen, time.monotonic()
            continue
        if time.monotonic() - last >= quiet:
            return
        time.sleep(0.01)


def _focus() -> dict | None:
    node = _focused["node"]
    if node is None or "focused" not in _states(node):
        node = _find_focused(_active_window())
    if node is None:
        return None
    # The focus on an item of a list or table is the focus on the list or table.
    while node is not None and node.getRoleName() in ITEM_ROLES:
        node = node.parent
    path, window = _path_in_window(node)
    described = _describe(node, path, deep=False)
    described["window"] = window.name if window is not None else None
    return described


def _find_focused(node, depth: int = 0):
    if node is None or depth > 40:
        return None
    found = None
    for index in range(min(node.childCount, 500)):
        child = node.getChildAtIndex(index)
        if child is None:
            continue
        states = _states(child)
        if "showing" not in states:
            continue
        if "focused" in states and child.getRoleName() not in ITEM_ROLES:
            found = child
        deeper = _find_focused(child, depth + 1)
        if deeper is not None:
            found = deeper
    return found


def _answer(command: dict):
    what = command.get("do")
    if what == "ready":
        return {"ready": _application() is not None}
    _settle()
    if what == "tree":
        window = _active_window()
        return None if window is None else _describe(window, [], deep=True)
    if what == "focus":
        return _focus()
    if what == "events":
        taken = list(_events)
        _events.clear()
        return taken
    return {"error": f"unknown command {command!r}"}


def main() -> int:
    listener_kinds = ["object:state-changed:focused", "object:announcement", "object:text-changed",
                      "object:property-change:accessible-name"]
    for kind in listener_kinds:
        pyatspi.Registry.registerEventListener(_on_event, kind)
    print(json.dumps({"started": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = _answer(json.loads(line))
        except Exception as error:  # noqa: BLE001 - the test shows it
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

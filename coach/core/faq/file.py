"""Reading FAQ files: YAML entries checked one by one, then merged with shared answers looked up.

The model is in :mod:`coach.core.faq.entries`; :func:`coach.core.faq.entries.load_faq` reads the
files with this module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coach.core.files import yamlsource
from coach.core.faq.entries import CUSTOMIZED, ID_PATTERN, KEYS, FaqEntry
from coach.core.files.problems import WARNING, Problem


@dataclass
class _Written:
    """An entry as read from a file, before shared answers are looked up."""

    entry: FaqEntry
    #: The ``same_answer_as`` node's position, to point at it when it names no answer.
    link_at: tuple[int, int] | None = None
    gave_exercises: bool = False


def read_faq_file(path: Path, source: str) -> tuple[list[_Written], list[Problem]]:
    return _read(yamlsource.read_file(path), source)


def read_faq_text(text: str, name: str, source: str) -> tuple[list[_Written], list[Problem]]:
    return _read(yamlsource.read_text(text, name), source)


def _read(read: yamlsource.YamlFile, source: str) -> tuple[list[_Written], list[Problem]]:
    if read.root is None:
        # An empty file (or one with only comments) simply adds nothing.
        problems = [p for p in read.problems if not p.message.startswith("the file is empty")]
        return [], problems
    if not isinstance(read.root, SequenceNode):
        read.problem(read.root, f"the FAQ file must be a list of entries, each starting with "
                                f"'- id:', got {yamlsource.describe_node(read.root)}")
        return [], read.problems
    written: list[_Written] = []
    first_line: dict[str, int] = {}
    for node in read.root.value:
        item = _read_entry(read, node, source)
        if item is None:
            continue
        earlier = first_line.get(item.entry.id)
        if earlier is not None:
            read.problem(node, f"the id {item.entry.id!r} is already used on line {earlier}; "
                               "give each entry its own id (this entry is ignored)")
            continue
        first_line[item.entry.id] = item.entry.line or 0
        written.append(item)
    return written, read.problems


def _read_entry(read: yamlsource.YamlFile, node: Node, source: str) -> _Written | None:
    """One entry, or ``None`` (with its problems reported) when it cannot be used."""
    if read.is_reported(node):
        return None
    if not isinstance(node, MappingNode):
        read.problem(node, f"an FAQ entry must be a mapping with 'id', 'question' and 'answer', "
                           f"got {yamlsource.describe_node(node)}")
        return None
    count = len(read.problems)
    values: dict[str, Node] = {}
    for key_node, value_node in yamlsource.mapping_items(node):
        key = yamlsource.key_text(key_node)
        if key is None:
            read.problem(key_node, "keys of an FAQ entry must be plain words like 'question'")
        elif key not in KEYS:
            import difflib  # only for a mistake: not worth importing at every start

            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; the keys are {', '.join(KEYS)}"
            read.problem(key_node, f"unknown key {key!r} in an FAQ entry{hint}")
        elif key not in values:
            values[key] = value_node

    entry_id = _text(read, values.get("id"), "id")
    if "id" not in values:
        read.problem(node, "this FAQ entry has no 'id'; add one like 'id: my-question'")
    elif entry_id is not None and not ID_PATTERN.match(entry_id):
        read.problem(values["id"], f"the id {entry_id!r} must be lowercase letters, digits and "
                                   "single hyphens, like 'stretch-before-running'")
    question = _text(read, values.get("question"), "question")
    if "question" not in values:
        read.problem(node, "this FAQ entry has no 'question'")
    answer = _text(read, values.get("answer"), "answer")
    same = _text(read, values.get("same_answer_as"), "same_answer_as")
    if "answer" in values and "same_answer_as" in values:
        read.problem(values["same_answer_as"], "an entry has either 'answer' or 'same_answer_as', "
                                               "not both: remove one")
    elif "answer" not in values and "same_answer_as" not in values:
        read.problem(node, "this FAQ entry has no 'answer' (or 'same_answer_as: <id>' to share "
                           "another entry's answer)")
    tags = _text_list(read, values.get("tags"), "tags")
    exercises = _text_list(read, values.get("exercises"), "exercises")
    if any(p.is_error for p in read.problems[count:]) or _has_error_inside(read, node):
        return None
    line, _ = yamlsource.position(node)
    entry = FaqEntry(id=entry_id or "", question=question or "", answer=answer or "", tags=tags,
                     exercises=exercises, same_answer_as=same, source=source,
                     file=read.name, line=line)
    link_at = yamlsource.position(values["same_answer_as"]) if same is not None else None
    return _Written(entry, link_at, "exercises" in values)


def _has_error_inside(read: yamlsource.YamlFile, node: Node) -> bool:
    """Whether reading the whole file already found an error (a duplicate key, a refused tag) here."""
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    return any(p.is_error and p.line is not None and start <= (p.line, p.column or 0) <= end
               for p in read.problems)


def _text(read: yamlsource.YamlFile, node: Node | None, key: str) -> str | None:
    if node is None or read.is_reported(node):
        return None
    if not isinstance(node, ScalarNode):
        read.problem(node, f"{key!r} must be text, got {yamlsource.describe_node(node)}")
        return None
    try:
        value = yamlsource.scalar_value(node)
    except yamlsource.NotAValue as exc:
        read.problem(node, f"{key!r}: {exc}")
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        read.problem(node, f"{key!r} is empty; write the text after '{key}:'")
        return None
    if not isinstance(value, str):
        read.problem(node, f"{key!r} must be text, got {node.value}; put it in quotes if you mean "
                           "the words")
        return None
    return value.strip()


def _text_list(read: yamlsource.YamlFile, node: Node | None, key: str) -> tuple[str, ...]:
    if node is None or read.is_reported(node):
        return ()
    if not isinstance(node, SequenceNode):
        read.problem(node, f"{key!r} must be a list like [a, b], got {yamlsource.describe_node(node)}")
        return ()
    items: list[str] = []
    for item in node.value:
        text = _text(read, item, f"each of {key}")
        if text is None:
            continue
        if text in items:
            read.problem(item, f"{text!r} is listed twice in {key!r}", WARNING)
            continue
        items.append(text)
    return tuple(items)


def merge(builtin: list[_Written], user: list[_Written]) -> tuple[list[FaqEntry], list[Problem]]:
    """Built-in entries in their order, the user's replacing those with the same id, then the
    user's new ones; shared answers looked up. An entry whose shared answer cannot be found is
    dropped (a replaced built-in entry comes back), with a problem."""
    problems: list[Problem] = []
    written: dict[str, _Written] = {w.entry.id: w for w in builtin}
    originals = dict(written)
    for item in user:
        if item.entry.id in originals:
            item = replace(item, entry=replace(item.entry, source=CUSTOMIZED))
        written[item.entry.id] = item

    def resolve(entry_id: str) -> tuple[FaqEntry | None, str]:
        seen: list[str] = []
        current = written[entry_id]
        while current.entry.same_answer_as is not None:
            seen.append(current.entry.id)
            target = current.entry.same_answer_as
            if target in seen:
                return None, f"the entries {', '.join(map(repr, seen))} take their answer from each other"
            if target not in written:
                return None, f"there is no entry {target!r} to take the answer from" + _closest(target, written)
            current = written[target]
        return current.entry, ""

    entries: list[FaqEntry] = []
    for entry_id, item in list(written.items()):
        entry = item.entry
        if entry.same_answer_as is None:
            entries.append(entry)
            continue
        target, why = resolve(entry_id)
        if target is None:
            line, column = item.link_at or (entry.line, None)
            problems.append(Problem(entry.file or "faq.yaml", line, column, f"'same_answer_as': {why}"))
            fallback = originals.get(entry_id)
            if fallback is None or fallback is item:
                continue
            written[entry_id] = item = fallback
            entry = item.entry
            target, _ = resolve(entry_id)
            if target is None:
                continue
        exercises = entry.exercises if item.gave_exercises else target.exercises
        entries.append(replace(entry, answer=target.answer, exercises=exercises))
    return entries, problems


def _closest(wanted: str, written: dict[str, _Written]) -> str:
    import difflib  # only for a mistake: not worth importing at every start

    close = difflib.get_close_matches(wanted, list(written), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""

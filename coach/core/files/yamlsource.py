"""Safe reading of a user's YAML file into a node tree that remembers every line and column.

Nothing here ever constructs Python objects from tags: the file is *composed* into PyYAML nodes
(``ScalarNode``, ``SequenceNode``, ``MappingNode``), each with its ``start_mark``, and every way the
file can be broken becomes a :class:`~coach.core.files.problems.Problem` instead of an exception.
Routines and the FAQ are both read through :func:`read_file` / :func:`read_text`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# display_name lives with the paths (the library names files without PyYAML); importable here too.
from coach.core.files.paths import display_name  # noqa: F401
from coach.core.files.problems import ERROR, Problem
from coach.core.files.user_files import NOT_ORDINARY, NotAnOrdinaryFile, read_ordinary

#: PyYAML's C loader is much faster and keeps marks just the same; the pure one is the fallback.
HAS_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
_BASE_LOADER: type = yaml.CSafeLoader if HAS_LIBYAML else yaml.SafeLoader
_RESOLVED_MAX = 4096


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, remembering which tag each plain scalar resolves to.

    Even the C loader resolves every scalar in Python, against a list of regular expressions:
    that is half of composing a routine. For a plain scalar the answer depends only on its text
    (the safe loader has no path resolvers), and routines repeat the same few words and numbers.
    """

    _resolved: dict[str, str] = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is not ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)
        tag = self._resolved.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if len(self._resolved) >= _RESOLVED_MAX:  # a file of many different words
                self._resolved.clear()
            self._resolved[value] = tag
        return tag


DEFAULT_LOADER: type = _Loader

MAX_BYTES = 256 * 1024
MAX_DEPTH = 50
MAX_ALIASES = 100

_TAG = "tag:yaml.org,2002:"
#: Tags that plain YAML data may carry, explicitly or resolved. Anything else is refused.
SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary",
                                           "value"))  # `=` alone resolves to !!value: it is text
SEQUENCE_TAGS = frozenset({_TAG + "seq"})
MAPPING_TAGS = frozenset({_TAG + "map"})
MERGE_TAG = _TAG + "merge"

_TOO_LARGE = (f"the file is larger than {MAX_BYTES // 1024} KiB, too large for a Coach file "
              "(a routine is a few KiB): is it the right file?")
_SHORT_TAGS = {_TAG: "!!"}


@dataclass
class YamlFile:
    """A read file: its node tree (``None`` when it cannot be used at all) and its problems."""

    name: str
    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    #: ids of nodes already reported (a refused tag): checkers skip them instead of reporting twice.
    reported: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.root is not None

    def is_reported(self, node: Node) -> bool:
        return id(node) in self.reported

    def problem(self, node: Node | None, message: str, severity: str = ERROR) -> Problem:
        """A problem at ``node`` (its first character), appended to :attr:`problems` and returned."""
        line, column = position(node) if node is not None else (None, None)
        found = Problem(self.name, line, column, message, severity)
        self.problems.append(found)
        return found

    # What a checker needs to read a node, here so that the types checking nodes need no YAML
    # module of their own (coach.core.routines.routine_types).

    def scalar_value(self, node: ScalarNode) -> object:
        return scalar_value(node)

    def describe(self, node: Node) -> str:
        return describe_node(node)

    def key_text(self, node: Node) -> str | None:
        return key_text(node)


def read_file(path: str | os.PathLike[str], name: str | None = None,
              loader: type = DEFAULT_LOADER) -> YamlFile:
    """Read ``path`` into a node tree; ``name`` is how the file is called in problems."""
    path = Path(path)
    shown = name if name is not None else display_name(path)
    try:
        data = read_ordinary(path, MAX_BYTES)
    except FileNotFoundError:
        return _unusable(shown, "the file does not exist")
    except IsADirectoryError:
        return _unusable(shown, "this is a folder, not a file")
    except NotAnOrdinaryFile:
        return _unusable(shown, NOT_ORDINARY)
    except OSError as exc:
        return _unusable(shown, f"the file cannot be read: {exc.strerror or exc}")
    return read_text(data, shown, loader=loader)


def read_text(text: str | bytes, name: str, loader: type = DEFAULT_LOADER) -> YamlFile:
    """Read YAML ``text`` (``bytes`` are decoded as UTF-8) into a node tree with its problems."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return _unusable(name, _TOO_LARGE)
        decoded = _decode(text, name)
        if isinstance(decoded, YamlFile):
            return decoded
        text = decoded
    elif len(text) > MAX_BYTES or (len(text) * 4 > MAX_BYTES
                                   and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES):
        return _unusable(name, _TOO_LARGE)
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.reader.ReaderError as exc:
        return _reader_problem(text, name, exc)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(name, exc)
    except RecursionError:
        return _unusable(name, f"the file is nested too deeply to read "
                               f"(Coach reads at most {MAX_DEPTH} levels)")
    except Exception as exc:  # noqa: BLE001 - any failure inside PyYAML is the file's problem, not a crash
        return _unusable(name, f"the file cannot be read as YAML ({type(exc).__name__}: {exc})")
    if root is None or (isinstance(root, ScalarNode) and root.tag == _TAG + "null" and root.value == ""):
        return _unusable(name, "the file is empty (it holds no YAML value, at most comments)")
    result = YamlFile(name, root)
    if not _check_tree(result, may_alias="&" in text and "*" in text, may_tag="!" in text):
        result.root = None
    result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return result


# --- reading the nodes -------------------------------------------------------------------------

def position(node: Node) -> tuple[int, int]:
    """1-based line and column of the first character of ``node``."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def mapping_items(node: MappingNode) -> list[tuple[Node, Node]]:
    """The (key node, value node) pairs of a mapping, in file order."""
    return list(node.value)


def key_text(node: Node) -> str | None:
    """A mapping key as text, or ``None`` when the key is not a plain scalar."""
    if isinstance(node, ScalarNode) and node.tag != MERGE_TAG:
        return node.value
    return None


_constructor = yaml.constructor.SafeConstructor()
_SCALAR_BUILDERS = {
    _TAG + "null": _constructor.construct_yaml_null,
    _TAG + "bool": _constructor.construct_yaml_bool,
    _TAG + "int": _constructor.construct_yaml_int,
    _TAG + "float": _constructor.construct_yaml_float,
}


_INT = _SCALAR_BUILDERS[_TAG + "int"]


class NotAValue(ValueError):
    """A scalar whose explicit tag does not fit its text (``!!int ten``)."""


def scalar_value(node: ScalarNode) -> object:
    """The plain value of a scalar: ``None``, ``bool``, ``int``, ``float`` or ``str``.

    Timestamps and binary stay text: nothing in Coach wants them as objects.
    Raises :class:`NotAValue` when an explicit tag does not fit the text.
    """
    build = _SCALAR_BUILDERS.get(node.tag)
    if build is None:
        return node.value
    text = node.value
    try:
        # The common case, quickly; a leading 0 is octal in YAML 1.1, so leave that to PyYAML.
        if build is _INT and text.isdigit() and (text[0] != "0" or len(text) == 1) and text.isascii():
            return int(text)
        return build(node)
    except ValueError as exc:
        if "digits" in str(exc):
            # Python refuses to read whole numbers of more than 4300 digits (a guard against
            # slow conversions): no Coach value is anywhere near that long.
            raise NotAValue(f"a number {len(text)} digits long is too long to be read") from exc
        raise NotAValue(f"{node.value!r} is not a {short_tag(node.tag)[2:]}") from exc
    except Exception as exc:  # noqa: BLE001 - e.g. `!!int ten` or `!!float x`
        raise NotAValue(f"{node.value!r} is not a {short_tag(node.tag)[2:]}") from exc


def describe_node(node: Node) -> str:
    """A value as the user wrote it, for messages: ``'ten'``, ``12``, ``a list``, ``a mapping``."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _TAG + "null":
        return "nothing" if node.value in ("", "~") else repr(node.value)
    if node.tag in _SCALAR_BUILDERS:
        try:
            scalar_value(node)
            return node.value
        except NotAValue:
            pass  # `!!int ten`: show it quoted, as the text it is
    text = node.value
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def short_tag(tag: str) -> str:
    for long, short in _SHORT_TAGS.items():
        if tag.startswith(long):
            return short + tag[len(long):]
    return tag


# --- whole-tree checks -------------------------------------------------------------------------

def _check_tree(result: YamlFile, may_alias: bool = True, may_tag: bool = True) -> bool:
    """Tags, duplicate keys, nesting depth and aliases, in one walk without recursion.

    An alias makes two parents share one node, so a node met again is an alias use: counting
    those bounds the work (no "billion laughs"), and each node is checked once.
    A text without both '&' and '*' has no aliases, and one without '!' only has the tags PyYAML
    resolves by itself, which are all allowed: then scalars need no visit at all, which is most
    of the walk's cost.
    Returns ``False`` when a limit is passed and the tree must not be used at all.
    """
    seen: set[int] | None = set() if may_alias else None
    every_node = may_alias or may_tag
    aliases = 0
    stack: list[tuple[Node, int]] = [(result.root, 1)]
    while stack:
        node, depth = stack.pop()
        if seen is not None:
            if id(node) in seen:
                aliases += 1
                if aliases > MAX_ALIASES:
                    # The node is the anchored one, not the alias: name no line rather than a wrong one.
                    result.problem(None, f"the file uses more than {MAX_ALIASES} aliases (*name); "
                                         "write the values out instead")
                    return False
                continue
            seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag not in _SCALAR_OK:
                _refuse_tag(result, node)
            continue
        if depth > MAX_DEPTH:
            result.problem(node, f"the file is nested more than {MAX_DEPTH} levels deep; "
                                 "a routine needs only a few")
            return False
        depth += 1
        if isinstance(node, MappingNode):
            if node.tag not in MAPPING_TAGS:
                _refuse_tag(result, node)
                continue
            _check_duplicate_keys(result, node)
            for key, value in node.value:
                if every_node or not isinstance(key, ScalarNode):
                    stack.append((key, depth))
                if every_node or not isinstance(value, ScalarNode):
                    stack.append((value, depth))
        else:
            if node.tag not in SEQUENCE_TAGS:
                _refuse_tag(result, node)
                continue
            for item in node.value:
                if every_node or not isinstance(item, ScalarNode):
                    stack.append((item, depth))
    return True


_SCALAR_OK = SCALAR_TAGS | {MERGE_TAG}


def _refuse_tag(result: YamlFile, node: Node) -> None:
    result.reported.add(id(node))
    _tag_fits(result, node)


def _tag_fits(result: YamlFile, node: Node) -> bool:
    tag = node.tag
    if isinstance(node, ScalarNode):
        allowed = SCALAR_TAGS | {MERGE_TAG}
    elif isinstance(node, SequenceNode):
        allowed = SEQUENCE_TAGS
    else:
        allowed = MAPPING_TAGS
    if tag in allowed:
        return True
    shown = short_tag(tag)
    if tag.startswith(_TAG + "python/"):
        result.problem(node, f"the tag '{shown}' is not allowed: Coach reads plain data only "
                             "and never runs anything from a file; remove the tag")
    elif tag in SCALAR_TAGS | SEQUENCE_TAGS | MAPPING_TAGS:
        result.problem(node, f"the tag '{shown}' does not fit {describe_node(node)}; remove the tag")
    else:
        result.problem(node, f"unknown tag '{shown}': Coach reads plain YAML values only; "
                             "remove the tag")
    return False


def _check_duplicate_keys(result: YamlFile, node: MappingNode) -> None:
    # Quick answer for the usual mapping: all keys different, none of them '<<'.
    words = {key.value for key, _value in node.value if isinstance(key, ScalarNode)}
    if len(words) == len(node.value) and "<<" not in words:
        return
    first_seen: dict[tuple[str, str], Node] = {}
    for key, _value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.tag == MERGE_TAG:
            result.problem(key, "merge keys ('<<') are not supported: write the keys out")
            continue
        ident = (key.tag, key.value)
        earlier = first_seen.get(ident)
        if earlier is None:
            first_seen[ident] = key
            continue
        line, _ = position(earlier)
        result.problem(key, f"duplicate key {key.value!r}: it is also on line {line}; "
                            "keep only one (otherwise one of them would be silently ignored)")


# --- reading and syntax problems ---------------------------------------------------------------

def _unusable(name: str, message: str, line: int | None = None, column: int | None = None) -> YamlFile:
    return YamlFile(name, None, [Problem(name, line, column, message)])


def _decode(data: bytes, name: str) -> str | YamlFile:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _unusable(name, "the file is saved as UTF-16; save it as UTF-8 instead")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        if line == 1 and data.startswith(b"\xef\xbb\xbf"):
            column -= 1
        return _unusable(name, f"the file is not UTF-8 text: byte 0x{data[start]:02x} at line {line}, "
                               f"column {column} cannot be read; save the file as UTF-8",
                         line, column)


def _position_in(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _reader_problem(text: str, name: str, exc: yaml.reader.ReaderError) -> YamlFile:
    # The C reader counts bytes, the pure one characters: find the character ourselves.
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return _unusable(name, f"the file cannot be read: {exc.reason}")
    line, column = _position_in(text, found.start())
    char = found.group()
    return _unusable(name, f"the file contains the control character U+{ord(char):04X}, which YAML "
                           "does not allow; remove it", line, column)


#: Plain-words hints for the syntax errors people make most.
_HINTS = (
    (re.compile(r"cannot start any token", re.I),
     "if this is a tab, indent with spaces instead"),
    (re.compile(r"mapping values are not allowed", re.I),
     "a value that contains ': ' must be put in quotes, or the indentation is off"),
    (re.compile(r"could not find expected ':'|expected <block end>|did not find expected key", re.I),
     "check the indentation: keys of the same mapping must start in the same column"),
    (re.compile(r"expected '-' indicator", re.I),
     "check the indentation: the keys of a list item line up under the first key after its '- '"),
    (re.compile(r"undefined alias|scanning an alias", re.I),
     "a '*' starts an alias; put the value in quotes if you meant a star"),
    (re.compile(r"another document", re.I),
     "a routine file holds one document: remove the second '---'"),
)


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> YamlFile:
    problem = exc.problem or exc.context or "the YAML syntax is broken"
    if "exceeded maximum nesting depth" in problem:
        message = f"the file is nested more than {MAX_DEPTH} levels deep; a routine needs only a few"
    elif "duplicate anchor" in (exc.context or ""):
        first = f" (first on line {exc.context_mark.line + 1})" if exc.context_mark is not None else ""
        message = f"YAML syntax error: the same anchor (&name) is defined twice{first}; rename one"
    else:
        message = f"YAML syntax error: {problem}"
        if exc.context and exc.problem:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.problem_mark is not None \
                    and exc.context_mark.line != exc.problem_mark.line:
                message += f", from line {exc.context_mark.line + 1}"
            message += ")"
        for pattern, hint in _HINTS:
            if pattern.search(f"{problem} {exc.context or ''}"):
                message += f"; {hint}"
                break
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return _unusable(name, message)
    return _unusable(name, message, mark.line + 1, mark.column + 1)

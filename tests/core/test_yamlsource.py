"""Safe YAML reading: every way a file can be broken becomes a Problem with its line and column."""

from __future__ import annotations

import yaml
import pytest
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from coach.core.files import yamlsource
from coach.core.files.yamlsource import (MAX_ALIASES, MAX_BYTES, MAX_DEPTH, describe_node, key_text, position,
                                   read_file, read_text, scalar_value)

LOADERS = [pytest.param(yaml.SafeLoader, id="pure")]
if yamlsource.HAS_LIBYAML:
    LOADERS.insert(0, pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=LOADERS)
def loader(request: pytest.FixtureRequest) -> type:
    return request.param


def where(result: yamlsource.YamlFile) -> list[tuple[int | None, int | None]]:
    return [(p.line, p.column) for p in result.problems]


def test_marks_are_one_based_for_keys_and_values(loader: type) -> None:
    result = read_text("name: Back\nexercises:\n  - name: Bridges\n    reps: 10\n", "r.yaml", loader)
    assert result.ok and result.problems == []
    root = result.root
    assert isinstance(root, MappingNode)
    (k1, v1), (k2, v2) = root.value
    assert position(k1) == (1, 1) and position(v1) == (1, 7)
    assert position(k2) == (2, 1)
    assert isinstance(v2, SequenceNode)
    exercise = v2.value[0]
    assert position(exercise) == (3, 5)
    reps_key, reps_value = exercise.value[1]
    assert key_text(reps_key) == "reps"
    assert position(reps_key) == (4, 5) and position(reps_value) == (4, 11)
    assert scalar_value(reps_value) == 10


def test_scalar_values_are_plain_and_never_objects(loader: type) -> None:
    text = "a: 1\nb: 2.5\nc: true\nd: ~\ne: hello\nf: 2001-12-14\ng: !!str 12\nh: !!int ten\n"
    root = read_text(text, "x.yaml", loader).root
    values = {key_text(k): v for k, v in root.value}
    assert scalar_value(values["a"]) == 1
    assert scalar_value(values["b"]) == 2.5
    assert scalar_value(values["c"]) is True
    assert scalar_value(values["d"]) is None
    assert scalar_value(values["e"]) == "hello"
    assert scalar_value(values["f"]) == "2001-12-14"  # a timestamp stays text
    assert scalar_value(values["g"]) == "12"
    with pytest.raises(yamlsource.NotAValue, match="'ten' is not a int"):
        scalar_value(values["h"])


def test_describe_shows_values_as_written() -> None:
    root = read_text("a: ten\nb: 12\nc: [1]\nd: {x: 1}\ne:\nf: yes\n", "x.yaml").root
    shown = [describe_node(v) for _k, v in root.value]
    assert shown == ["'ten'", "12", "a list", "a mapping", "nothing", "yes"]


@pytest.mark.parametrize("data", [b"", b"\n\n", b"# only a comment\n", b"---\n"])
def test_empty_file(loader: type, data: bytes) -> None:
    result = read_text(data, "e.yaml", loader)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "e.yaml: error: the file is empty (it holds no YAML value, at most comments)"]


def test_syntax_error_at_problem_mark(loader: type) -> None:
    result = read_text("name: Back\nexercises: [a, b\n", "s.yaml", loader)
    assert not result.ok
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.message.startswith("YAML syntax error: ")
    assert (problem.line, problem.column) == (3, 1)


def test_colon_in_value_gets_a_hint(loader: type) -> None:
    result = read_text("name: Back\ndescription: Note: slow\n", "s.yaml", loader)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (2, 18)
    assert "must be put in quotes" in problem.message


def test_tab_indentation_gets_a_hint(loader: type) -> None:
    result = read_text("name: Back\nexercises:\n\t- name: Bridges\n", "s.yaml", loader)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (3, 1)
    assert "indent with spaces" in problem.message


def test_second_document_is_refused(loader: type) -> None:
    result = read_text("---\nname: a\n---\nname: b\n", "s.yaml", loader)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (3, 1)
    assert "remove the second '---'" in problem.message


def test_duplicate_keys_name_both_lines(loader: type) -> None:
    text = "name: Back\nsets: 2\nexercises:\n  - name: Bridges\n    reps: 10\n    reps: 12\nname: Again\n"
    result = read_text(text, "d.yaml", loader)
    assert result.ok  # the rest of the file is still checked
    assert [str(p) for p in result.problems] == [
        "d.yaml:6:5: error: duplicate key 'reps': it is also on line 5; keep only one "
        "(otherwise one of them would be silently ignored)",
        "d.yaml:7:1: error: duplicate key 'name': it is also on line 1; keep only one "
        "(otherwise one of them would be silently ignored)",
    ]


@pytest.mark.parametrize("text", [
    "name: !!python/object/apply:os.system ['touch /tmp/coach-pwned']\n",
    "name: !!python/name:os.system\n",
    "name: !!python/object:collections.OrderedDict {}\n",
])
def test_python_tags_are_refused_and_never_run(loader: type, text: str, tmp_path) -> None:
    result = read_text(text, "p.yaml", loader)
    (problem,) = result.problems
    assert (problem.line, problem.column) == (1, 7)
    assert "is not allowed" in problem.message and "never runs anything" in problem.message
    assert result.is_reported(result.root.value[0][1])


def test_unknown_tags_are_refused(loader: type) -> None:
    result = read_text("name: Back\nsets: !custom 3\nlist: !!set {a}\n", "t.yaml", loader)
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (2, 7, "unknown tag '!custom': Coach reads plain YAML values only; remove the tag"),
        (3, 7, "unknown tag '!!set': Coach reads plain YAML values only; remove the tag"),
    ]


def test_tag_that_does_not_fit_the_node(loader: type) -> None:
    result = read_text("a: !!seq {b: 1}\n", "t.yaml", loader)
    assert [str(p) for p in result.problems] == [
        "t.yaml:1:4: error: the tag '!!seq' does not fit a mapping; remove the tag"]


def test_merge_keys_are_refused(loader: type) -> None:
    result = read_text("base: &b {sets: 2}\nex:\n  <<: *b\n  reps: 3\n", "m.yaml", loader)
    assert where(result) == [(3, 3)]
    assert "merge keys" in result.problems[0].message


def test_bom_is_skipped(loader: type) -> None:
    result = read_text(b"\xef\xbb\xbfname: Back\nsets: x\n", "b.yaml", loader)
    assert result.ok and result.problems == []
    assert position(result.root.value[0][0]) == (1, 1)
    assert position(result.root.value[1][1]) == (2, 7)


def test_utf16_is_refused_with_advice() -> None:
    result = read_text("name: Back\n".encode("utf-16"), "u.yaml")
    assert [str(p) for p in result.problems] == [
        "u.yaml: error: the file is saved as UTF-16; save it as UTF-8 instead"]


def test_non_utf8_bytes_name_the_position() -> None:
    data = "name: Back\ndescription: caf\u00e9 \u00e9\n".encode("utf-8") + b"tags: [\xe9t\xe9]\n"
    result = read_text(data, "n.yaml")
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "n.yaml:3:8: error: the file is not UTF-8 text: byte 0xe9 at line 3, column 8 cannot be "
        "read; save the file as UTF-8"]


def test_non_utf8_after_multibyte_characters_counts_characters() -> None:
    data = "a: \u00e9\u00e9".encode("utf-8") + b"\xff\n"
    (problem,) = read_text(data, "n.yaml").problems
    assert (problem.line, problem.column) == (1, 6)


def test_control_characters_are_named(loader: type) -> None:
    result = read_text("name: Back\nsets: 3\x07\n", "c.yaml", loader)
    assert [str(p) for p in result.problems] == [
        "c.yaml:2:8: error: the file contains the control character U+0007, which YAML does not "
        "allow; remove it"]


def test_large_files_are_refused_without_parsing(tmp_path, loader: type) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    result = read_file(big, "big.yaml", loader)
    assert not result.ok
    assert result.problems[0].line is None
    assert "larger than 256 KiB" in result.problems[0].message
    assert not read_text("a: 1\n" + "#" * MAX_BYTES, "big.yaml", loader).ok


def test_file_exactly_at_the_limit_is_read(tmp_path) -> None:
    body = b"a: 1\n"
    data = body + b"#" * (MAX_BYTES - len(body) - 1) + b"\n"
    assert len(data) == MAX_BYTES
    assert read_text(data, "edge.yaml").ok


def _nested_flow(levels: int) -> str:
    return "a: " + "[" * levels + "1" + "]" * levels + "\n"


def test_nesting_up_to_the_limit_is_read(loader: type) -> None:
    # The mapping is level 1, so MAX_DEPTH - 1 lists fit inside it.
    assert read_text(_nested_flow(MAX_DEPTH - 1), "n.yaml", loader).problems == []


def test_deeper_nesting_is_refused(loader: type) -> None:
    result = read_text(_nested_flow(MAX_DEPTH), "n.yaml", loader)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        f"n.yaml:1:{3 + MAX_DEPTH}: error: the file is nested more than 50 levels deep; "
        "a routine needs only a few"]


@pytest.mark.parametrize("text", [
    "- " * 5000 + "x\n",
    "".join(" " * i + "a:\n" for i in range(700)) + " " * 700 + "b: 1\n",
    "[" * 100000 + "]" * 100000,
])
def test_very_deep_nesting_never_escapes(loader: type, text: str) -> None:
    result = read_text(text, "deep.yaml", loader)
    assert not result.ok
    assert len(result.problems) == 1
    assert "nested" in result.problems[0].message


def test_aliases_up_to_the_limit(loader: type) -> None:
    text = "a: &x [1, 2]\nb: [" + ", ".join(["*x"] * MAX_ALIASES) + "]\n"
    assert read_text(text, "a.yaml", loader).problems == []


def test_too_many_aliases_are_refused(loader: type) -> None:
    text = "a: &x [1, 2]\nb: [" + ", ".join(["*x"] * (MAX_ALIASES + 1)) + "]\n"
    result = read_text(text, "a.yaml", loader)
    assert not result.ok
    assert [str(p) for p in result.problems] == [
        "a.yaml: error: the file uses more than 100 aliases (*name); write the values out instead"]


def test_billion_laughs_is_refused_quickly(loader: type) -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 30):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    result = read_text("\n".join(lines) + "\n", "lol.yaml", loader)
    assert not result.ok
    assert "aliases" in result.problems[0].message


def test_recursive_alias_does_not_loop(loader: type) -> None:
    result = read_text("a: &x [*x, *x]\n", "r.yaml", loader)
    assert result.problems == []


def test_undefined_alias_hint(loader: type) -> None:
    (problem,) = read_text("name: Back\ndescription: *bold*\n", "a.yaml", loader).problems
    assert problem.line == 2
    assert "put the value in quotes" in problem.message


def test_recursion_error_inside_yaml_becomes_a_problem(monkeypatch) -> None:
    def explode(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(yamlsource.yaml, "compose", explode)
    result = read_text("a: 1\n", "r.yaml")
    assert [str(p) for p in result.problems] == [
        "r.yaml: error: the file is nested too deeply to read (Coach reads at most 50 levels)"]


def test_any_other_failure_inside_yaml_becomes_a_problem(monkeypatch) -> None:
    def explode(*_args, **_kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(yamlsource.yaml, "compose", explode)
    result = read_text("a: 1\n", "r.yaml")
    assert [str(p) for p in result.problems] == [
        "r.yaml: error: the file cannot be read as YAML (MemoryError: out of memory)"]


def test_read_file_missing_and_folder(tmp_path) -> None:
    assert str(read_file(tmp_path / "nope.yaml", "nope.yaml").problems[0]) == \
        "nope.yaml: error: the file does not exist"
    assert str(read_file(tmp_path, "dir").problems[0]) == "dir: error: this is a folder, not a file"


def test_read_file_names_files_relative_to_the_current_folder(tmp_path, monkeypatch) -> None:
    (tmp_path / "routines").mkdir()
    path = tmp_path / "routines" / "back.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert str(read_file(path).problems[0]).startswith("routines/back.yaml:2:1: error: duplicate key")


def test_problem_helper_records_position() -> None:
    result = read_text("a: 1\nb: two\n", "h.yaml")
    node = result.root.value[1][1]
    assert isinstance(node, ScalarNode)
    made = result.problem(node, "'b' must be a number", "warning")
    assert str(made) == "h.yaml:2:4: warning: 'b' must be a number"
    assert result.problems == [made]


def test_duplicate_anchor(loader: type) -> None:
    (problem,) = read_text("a: &x 1\nb: &x 2\n", "a.yaml", loader).problems
    assert (problem.line, problem.message) == (
        2, "YAML syntax error: the same anchor (&name) is defined twice (first on line 1); rename one")


def test_equals_sign_is_plain_text(loader: type) -> None:
    # PyYAML resolves a lone '=' to the !!value tag; it is just text to us.
    result = read_text("a: =\n", "e.yaml", loader)
    assert result.problems == []
    assert scalar_value(result.root.value[0][1]) == "="


def test_tags_and_aliases_are_checked_inside_nested_lists(loader: type) -> None:
    # The walk skips scalars when the text cannot hold tags or aliases: make sure it still finds them.
    text = "a:\n  - b: [1, !oops 2]\n"
    assert where(read_text(text, "n.yaml", loader)) == [(2, 12)]


def test_remembered_tags_match_pyyaml() -> None:
    # The default loader remembers what each plain scalar resolves to; quoting must still win.
    text = ("a: 10\nb: '10'\nc: 10\nd: yes\ne: \"yes\"\nf: ~\ng: 1.5\nh: '1.5'\ni: 2001-12-14\n"
            "j: =\nk: <<\nl: 0o17\nm: 017\n")
    for _ in range(2):  # the second time from the remembered answers
        ours = read_text(text, "r.yaml").root
        plain = yaml.compose(text, Loader=yamlsource._BASE_LOADER)
        assert [(k.tag, v.tag) for k, v in ours.value] == [(k.tag, v.tag) for k, v in plain.value]
    assert [scalar_value(v) for _k, v in ours.value][:3] == [10, "10", 10]

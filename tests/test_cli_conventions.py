"""What every command does alike: --json and --csv wherever a table prints, exit code 4 for a name that
is not one entity, --version, flags shown bare in --help."""
from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from whofunds.cli import app, package_version

runner = CliRunner()


def commands(group: typer.Typer = app, prefix: tuple = ()) -> list[tuple]:
    import typer.main

    click_group = typer.main.get_command(group)
    out = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, path + (name,))
        else:
            out.append(path)

    walk(click_group, prefix)
    return out


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"whofunds {package_version()}"


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_help_shows_flags_without_a_value_type(path):
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    for line in result.output.splitlines():
        if "--json" in line or "--csv" in line:
            assert "<" not in line.split("--json")[-1].split("--csv")[-1][:12], line


# Commands that print tables, and arguments that make them print one.
TABLES = {
    ("rank",): ["{graph}"],
    ("trace",): ["{graph}", "NIO"],
    ("communities",): ["{graph}"],
    ("diff",): ["{graph}", "{graph}"],
    ("evaluate",): ["{graph}", "{gold}"],
    ("query",): ["who_funds", "--param", "entity=NIO", "--graph", "{graph}"],
    ("alias", "list"): ["--file", "{aliases}"],
    ("build",): ["{sample}", "--out", "{build_out}", "--no-map"],
    ("query", "--list"): [],
}


@pytest.fixture(scope="module")
def files(sample_graph_json, tmp_path_factory):
    from pathlib import Path

    aliases = tmp_path_factory.mktemp("aliases") / "aliases.yaml"
    aliases.write_text("merge:\n  - {name: BOE Technology Group, aliases: [BOE Expertise]}\nsplit: []\ndrop: [Xinhua]\n")
    root = Path(__file__).resolve().parents[1]
    return {"graph": str(sample_graph_json), "gold": str(root / "data" / "sample" / "expected.yaml"),
            "aliases": str(aliases), "sample": str(root / "data" / "sample"),
            "build_out": str(tmp_path_factory.mktemp("build"))}


@pytest.mark.parametrize("path", sorted(TABLES), ids=" ".join)
def test_every_table_prints_as_json_and_csv(path, files):
    args = [a.format(**files) for a in TABLES[path]]
    table = runner.invoke(app, [*path, *args], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    as_json = runner.invoke(app, [*path, *args, "--json"])
    assert as_json.exit_code == 0, as_json.output
    json.loads(as_json.stdout)
    as_csv = runner.invoke(app, [*path, *args, "--csv"])
    assert as_csv.exit_code == 0 and "," in as_csv.stdout.splitlines()[0], as_csv.output
    both = runner.invoke(app, [*path, *args, "--json", "--csv"])
    assert both.exit_code == 1 and "choose one of --json and --csv" in both.output


@pytest.mark.parametrize("argv", [
    ["trace", "{graph}", "Atlantis Holdings"],
    ["trace", "{graph}", "Hefei", "--down", "--max-depth", "3"],  # sanity: a name that is found
    ["map", "{graph}", "--focus", "Atlantis Holdings", "-o", "{out}"],
    ["query", "who_funds", "--param", "entity=Atlantis Holdings", "--graph", "{graph}"],
    ["query", "chain_map", "--param", "city=NIO", "--graph", "{graph}"],
    ["query", "edge_evidence", "--param", "source=Hefei", "--param", "target=Atlantis Holdings", "--graph", "{graph}"],
])
def test_a_name_that_is_not_one_entity_exits_4_everywhere(argv, files, tmp_path):
    args = [a.format(out=tmp_path / "m.html", **files) for a in argv]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    if "Hefei" in argv and "--down" in argv:
        assert result.exit_code == 0
        return
    assert result.exit_code == 4, result.output
    assert "Closest names:" in result.output or "ambiguous" in result.output

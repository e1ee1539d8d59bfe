"""The README's promises hold: its data model tables are the schema's, its commands exist."""
import re
from pathlib import Path

from whofunds.graph.schema_doc import tables

ROOT = Path(__file__).resolve().parents[1]


def test_data_model_tables_match_schema():
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- schema:start -->\n(.*?)\n<!-- schema:end -->", readme, re.S)
    assert block, "README lost its schema markers"
    assert block.group(1).strip() == tables().strip(), \
        "README data model is stale: paste `python -m whofunds.graph.schema_doc`"


def test_setup_commands_exist():
    readme = (ROOT / "README.md").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no {target} target"
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_documented_commands_are_registered():
    from typer.testing import CliRunner

    from whofunds.cli import app

    readme = (ROOT / "README.md").read_text("utf-8")
    used = set(re.findall(r"^whofunds (\w+)", readme, re.M))
    assert used, "README shows no whofunds commands"
    runner = CliRunner()
    for command in sorted(used):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, f"`whofunds {command}` in README does not exist: {result.output}"

"""Registry tables (CSV, TSV, XLSX) in: rows become claims with stakes and capital, bad rows are named by row,
and the entities of a table resolve against the entities of prose. Every table here is written by the test,
with invented company names (the shared ones are names of the sample corpus, to be merged with it)."""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.io import read_graph
from whofunds.loaders.registry import ColumnMap, read_table
from whofunds.loaders.sources import read_sources
from whofunds.pipeline import build

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def write_csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def claims_by_pair(table):
    names = {e.key: e.name for e in table.extraction.entities}
    return {(names[c.source], names[c.target]): c for c in table.extraction.claims}


def test_shareholder_rows_give_stakes_capital_dates_and_control(tmp_path):
    path = write_csv(tmp_path / "holders.csv",
                     "Company,Shareholder,Stake (%),Subscribed capital (万元),Date,Controlling\n"
                     "Acme Widgets Co,Borealis Capital Fund,60,100,2019/3/2,\n"
                     "Acme Widgets Co,Larch Valley Holdings,30.5%,\"1,250.5\",2020-11,\n"
                     "Acme Widgets Co,Greyhaven SASAC,9.5,,2021,yes\n"
                     "Acme Widgets Co,Tomas Hale,,,,\n")
    table = read_table(path)
    assert table.failures == [] and (table.rows, table.loaded) == (4, 4)
    got = claims_by_pair(table)
    majority = got[("Borealis Capital Fund", "Acme Widgets Co")]
    assert (majority.type, majority.stake, majority.amount, majority.currency, majority.date, majority.year) == \
        ("CONTROLS", 60.0, 1_000_000.0, "CNY", "2019-03-02", 2019)  # over 50 %: control by the control model
    minority = got[("Larch Valley Holdings", "Acme Widgets Co")]
    assert (minority.type, minority.stake, minority.amount, minority.date) == ("INVESTS_IN", 30.5, 12_505_000.0, "2020-11")
    stated = got[("Greyhaven SASAC", "Acme Widgets Co")]
    assert (stated.type, stated.stake) == ("CONTROLS", 9.5)  # a minority stake, but the table says it controls
    assert got[("Tomas Hale", "Acme Widgets Co")].stake is None
    types = {e.name: e.type for e in table.extraction.entities}
    assert types["Borealis Capital Fund"] == "Fund" and types["Greyhaven SASAC"] == "GovernmentBody"
    assert types["Acme Widgets Co"] == "Firm"
    # the evidence is the row, written as a sentence, at its place in the table document's text
    ev = majority.evidence
    assert (ev.row, ev.sheet, ev.path) == (2, None, str(path))
    assert ev.sentence == "Borealis Capital Fund holds 60% of Acme Widgets Co; subscribed capital CNY 1,000,000; since 2019-03-02."
    assert table.extraction.document.text[ev.start:ev.end] == ev.sentence
    assert got[("Larch Valley Holdings", "Acme Widgets Co")].evidence.row == 3


def test_bad_rows_are_named_by_row_and_the_rest_load(tmp_path):
    path = write_csv(tmp_path / "holders.csv",
                     "company,shareholder,stake,capital,date\n"
                     "Acme Widgets Co,Borealis Capital Fund,10,100,2020-01-01\n"
                     "Acme Widgets Co,Zed Holdings,140,,\n"
                     ",Zed Holdings,10,,\n"
                     "Acme Widgets Co,Quill Partners,ten,,\n"
                     "Acme Widgets Co,Quill Partners,5,lots of money,\n"
                     "Acme Widgets Co,Quill Partners,5,,2020-13-45\n"
                     "Acme Widgets Co,Acme Widgets Co,5,,\n"
                     "Acme Widgets Co,Orrin Mills Ltd,-2,,\n"
                     "Ferro Basin Co,Quill Partners,5,,\n")
    table = read_table(path)
    assert [f.reason for f in table.failures] == [
        "row 3: stake 140 is over 100 %",
        "row 4: no company (column 'company' is empty)",
        "row 5: stake 'ten' is not a number",
        "row 6: capital 'lots of money' is not a number",
        "row 7: date '2020-13-45' is not a date",
        "row 8: 'Acme Widgets Co' is listed as its own shareholder",
        "row 9: stake -2 is negative"]
    assert all(f.path == str(path) for f in table.failures)
    assert (table.rows, table.loaded) == (9, 2)
    assert sorted(c.evidence.row for c in table.extraction.claims) == [2, 10]


def test_a_table_without_the_columns_is_a_failure_naming_its_headers(tmp_path):
    path = write_csv(tmp_path / "prices.csv", "ticker,close\nACME,12.5\n")
    table = read_table(path)
    assert table.extraction is None
    assert len(table.failures) == 1 and table.failures[0].path == str(path)
    assert "no header with a company column" in table.failures[0].reason
    assert "ticker, close" in table.failures[0].reason and "--column" in table.failures[0].reason


def test_xlsx_sheets_officers_title_rows_and_fractions(tmp_path):
    path = tmp_path / "registry.xlsx"
    holders = pd.DataFrame([["Export of 2024-05-01", None, None], ["企业名称", "股东名称", "持股比例"],
                            ["Acme Widgets Co", "Borealis Capital Fund", 0.6],
                            ["Acme Widgets Co", "Larch Valley Holdings", 0.25]])
    officers = pd.DataFrame({"Company": ["Acme Widgets Co", "Acme Widgets Co"], "Name": ["Tomas Hale", "Ines Varga"],
                             "Position": ["Chairman", None], "Appointed": [pd.Timestamp("2021-04-01"), None]})
    notes = pd.DataFrame({"Note": ["exported by hand"]})
    with pd.ExcelWriter(path) as writer:
        holders.to_excel(writer, sheet_name="股东", index=False, header=False)
        officers.to_excel(writer, sheet_name="Officers", index=False)
        notes.to_excel(writer, sheet_name="Notes", index=False)
    table = read_table(path)
    assert table.failures == []
    assert len(table.warnings) == 1 and "sheet 'Notes'" in table.warnings[0]  # other sheets loaded: a warning
    got = claims_by_pair(table)
    # a header under a title row; stakes kept as fractions of one by the spreadsheet are percentages
    assert got[("Borealis Capital Fund", "Acme Widgets Co")].stake == 60.0
    assert got[("Borealis Capital Fund", "Acme Widgets Co")].type == "CONTROLS"
    assert got[("Larch Valley Holdings", "Acme Widgets Co")].evidence.row == 4
    assert got[("Larch Valley Holdings", "Acme Widgets Co")].evidence.sheet == "股东"
    chair = got[("Tomas Hale", "Acme Widgets Co")]
    assert (chair.type, chair.role, chair.date, chair.evidence.sheet, chair.evidence.row) == \
        ("WORKS_FOR", "Chairman", "2021-04-01", "Officers", 2)
    assert chair.evidence.sentence == "Tomas Hale is Chairman of Acme Widgets Co (since 2021-04-01)."
    assert got[("Ines Varga", "Acme Widgets Co")].evidence.sentence == "Ines Varga is an officer of Acme Widgets Co."
    assert table.extraction.document.encoding == "xlsx"


def test_gbk_chinese_export_with_units_in_headers(tmp_path):
    path = write_csv(tmp_path / "股东信息.csv",
                     "企业名称,股东,股东类型,认缴出资额（万元）,出资比例,认缴出资日期\n"
                     "示例精密制造有限公司,张伟,自然人,300,30%,2019年5月1日\n"
                     "示例精密制造有限公司,示例产业投资基金,合伙企业,700,70%,2019年5月1日\n", encoding="gb18030")
    table = read_table(path)
    assert table.failures == []
    got = claims_by_pair(table)
    person = got[("张伟", "示例精密制造有限公司")]
    assert (person.type, person.stake, person.amount, person.currency, person.date) == \
        ("INVESTS_IN", 30.0, 3_000_000.0, "CNY", "2019-05-01")
    fund = got[("示例产业投资基金", "示例精密制造有限公司")]
    assert (fund.type, fund.stake) == ("CONTROLS", 70.0)
    types = {e.name: e.type for e in table.extraction.entities}
    assert types == {"张伟": "Person", "示例产业投资基金": "Fund", "示例精密制造有限公司": "Firm"}


def test_column_mapping_from_the_cli_a_file_and_a_sidecar(tmp_path):
    text = "Firma,Gesellschafter,Anteil\nAcme Widgets Co,Borealis Capital Fund,20\n"
    path = write_csv(tmp_path / "de.csv", text)
    assert read_table(path).extraction is None  # German headers: not among the defaults
    mapped = read_table(path, columns=ColumnMap.parse(["company=Firma", "shareholder=Gesellschafter", "stake=Anteil"]))
    assert [c.stake for c in mapped.extraction.claims] == [20.0]
    mapping = tmp_path / "columns.yaml"
    mapping.write_text("company: Firma\nshareholder: [Inhaber, Gesellschafter]\nstake: Anteil\n", "utf-8")
    assert [c.stake for c in read_table(path, columns=ColumnMap.read(mapping)).extraction.claims] == [20.0]
    with pytest.raises(ValueError, match="unknown column field 'owner'"):
        ColumnMap.parse(["owner=Inhaber"])
    # a sidecar beside the table maps its own headers and gives its source
    (tmp_path / "de.csv.meta.yaml").write_text(
        "url: https://registry.example/acme\npublisher: Example Registry\ndate: 2024-05-01\n"
        "columns: {company: Firma, shareholder: Gesellschafter, stake: Anteil}\n", "utf-8")
    found = read_sources([tmp_path])
    assert found.failures == [] and len(found.structured) == 1
    doc = found.structured[0].document
    assert (doc.url, doc.publisher, doc.date) == ("https://registry.example/acme", "Example Registry", "2024-05-01")


def test_a_csv_in_an_input_folder_is_read_not_skipped(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hefei invested in NIO in 2020.", "utf-8")
    write_csv(corpus / "holders.csv", "company,shareholder,stake\nAcme Widgets Co,Borealis Capital Fund,10\n")
    write_csv(corpus / "prices.csv", "ticker,close\nACME,12.5\n")
    result = run("build", corpus, "--out", tmp_path / "out", "--no-map", "--json")
    assert result.exit_code == 3, result.output  # one input could not be used: named, the rest built
    summary = json.loads(result.stdout)
    assert summary["structured"] == 1 and summary["table_rows_loaded"] == 1
    assert [f["path"] for f in summary["failures"]] == [str(corpus / "prices.csv")]
    G = read_graph(tmp_path / "out" / "graph.json")
    assert G.has_edge("fund:borealis-capital-fund", "firm:acme-widgets-co", "INVESTS_IN")
    assert {d["path"] for d in G.graph["documents"]} == {str(corpus / "a.txt"), str(corpus / "holders.csv")}


def big_registry(path, rows=10_000, seed=7):
    """An XLSX registry export of ``rows`` invented shareholdings, plus rows about entities of the sample corpus
    (named as the sample's articles name them), a title row above the header and five bad rows."""
    rng = random.Random(seed)
    first = ["Amber", "Birch", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Indigo", "Juniper"]
    second = ["Ridge", "Valley", "Stone", "River", "Field", "Crest", "Grove", "Bay", "Peak", "Forge"]
    trade = ["Components", "Motors", "Materials", "Optics", "Robotics", "Sensors", "Textiles", "Logistics"]
    companies = [f"{a} {b} {c} Co" for a in first for b in second for c in trade]
    holders = [f"{a} {b} Capital Fund" for a in first for b in second] + [f"{a} {c} Holdings" for a in first for c in trade]
    data = []
    while len(data) < rows:
        company, holder = rng.choice(companies), rng.choice(holders)
        data.append([company, holder, round(rng.uniform(0.5, 49.5), 2), rng.randint(10, 50_000),
                     f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
    shared = [["NIO", "Hefei Jiantou", 8.3, 1000, "2021-05-06"],
              ["Hefei Jiantou", "Hefei SASAC", 100, 5000, "2006-06-01"],
              ["Amber Ridge Components Co", "NIO", 30, 200, "2022-01-10"]]
    bad = [["Quartz Peak Optics Co", "Onyx Forge Holdings", 140, 1, "2020-01-01"],
           [None, "Onyx Forge Holdings", 10, 1, "2020-01-01"],
           ["Quartz Peak Optics Co", "Onyx Forge Holdings", "n/a%", 1, "2020-01-01"],
           ["Quartz Peak Optics Co", "Onyx Forge Holdings", 10, "lots", "2020-01-01"],
           ["Quartz Peak Optics Co", "Onyx Forge Holdings", 10, 1, "2020-13-45"]]
    data[5000:5000] = bad
    data[100:100] = shared  # before the bad rows: they move down by three
    frame = pd.DataFrame([["Shareholders export (invented data)", None, None, None, None],
                          ["Company", "Shareholder", "Stake (%)", "Subscribed capital (万元)", "Date"], *data])
    with pd.ExcelWriter(path) as writer:
        frame.to_excel(writer, sheet_name="Shareholders", index=False, header=False)
    # spreadsheet rows: the title is row 1, the header row 2, data from row 3
    return {"rows": len(data), "bad_rows": [5000 + len(shared) + 3 + i for i in range(len(bad))],
            "shared_rows": [103, 104, 105]}


@pytest.mark.slow
def test_a_10000_row_export_merges_with_the_sample_and_names_its_bad_rows(tmp_path):
    table = tmp_path / "registry" / "shareholders.xlsx"
    table.parent.mkdir()
    made = big_registry(table)
    assert made["rows"] >= 10_000
    result = run("build", ROOT / "data" / "sample", table.parent, "--out", tmp_path / "out", "--no-map")
    assert result.exit_code == 3, result.output
    # each bad row is reported by file, sheet and row number; the rest loaded
    printed = " ".join(result.stderr.split())  # the terminal may wrap long lines
    for row in made["bad_rows"]:
        assert f"sheet 'Shareholders', row {row}:" in printed, (row, printed[-2000:])
    G = read_graph(tmp_path / "out" / "graph.json")
    table_failures = [f for f in G.graph["failures"] if f["path"] == str(table)]
    assert [int(f["reason"].split("row ")[1].split(":")[0]) for f in table_failures][:5] == made["bad_rows"]
    stakes = [e for _, _, d in G.edges(data=True) for e in d["evidence"] if e.get("row")]
    assert len(stakes) >= made["rows"] - len(table_failures)
    # shared entities resolve to one node: the sample's Hefei Jiantou, its NIO, its Hefei SASAC
    jiantou = [n for n, a in G.nodes(data=True) if "Hefei Jiantou" in [a["name"], *a["aliases"]]]
    assert jiantou == ["fund:hefei-construction-investment-holding"]
    assert len([n for n, a in G.nodes(data=True) if a["name"] == "NIO"]) == 1
    edge = G.edges["fund:hefei-construction-investment-holding", "firm:nio", "INVESTS_IN"]
    kinds = {("row" in e) for e in edge["evidence"]}
    assert kinds == {True, False}  # one edge, evidence from the table and from the prose
    assert edge["stake"] == 8.3
    assert G.has_edge("governmentbody:hefei-sasac", "fund:hefei-construction-investment-holding", "CONTROLS")
    assert G.has_edge("firm:nio", "firm:amber-ridge-components-co", "INVESTS_IN")
    # trace shows the table's evidence: the row as a sentence, the file, the sheet and the row
    out = run("trace", tmp_path / "out" / "graph.json", "NIO", "--evidence", "5")
    assert out.exit_code == 0, out.output
    shown = " ".join(out.stdout.replace("│", " ").split())  # the tree wraps long lines
    assert "Hefei Jiantou holds 8.3% of NIO; subscribed capital CNY 10,000,000; since 2021-05-06." in shown
    assert f"{table}, sheet 'Shareholders', row {made['shared_rows'][0]}" in shown
    # edges.csv carries sheet and row
    frame = pd.read_csv(tmp_path / "out" / "edges.csv")
    row = frame[(frame["source_name"] == "Hefei Construction Investment Holding") & (frame["target_name"] == "NIO")
                & frame["row"].notna()]
    assert row[["sheet", "row", "stake"]].values.tolist() == [["Shareholders", made["shared_rows"][0], 8.3]]


def test_a_tsv_export_resolves_against_prose_through_the_alias_file(tmp_path):
    """A TSV (commas inside cells, no quoting) whose company name only the alias file ties to the prose's NIO."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hefei Jiantou invested in NIO in 2020.", "utf-8")
    write_csv(corpus / "holders.tsv", "company\tshareholder\tstake\tcapital\n"
                                      "Weilai Holding Anhui\tLarch Valley Holdings\t4.5\t1,250\n")
    table = read_table(corpus / "holders.tsv")
    assert table.failures == [] and [(c.stake, c.amount) for c in table.extraction.claims] == [(4.5, 1250.0)]
    assert table.extraction.document.encoding.startswith("tsv")
    alone = build([corpus], None, write_map=False, use_cache=False).graph
    assert alone.has_edge("firm:larch-valley-holdings", "firm:weilai-holding-anhui", "INVESTS_IN")  # no alias: two nodes
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("merge:\n  - {name: NIO, type: Firm, aliases: [Weilai Holding Anhui]}\nsplit: []\ndrop: []\n",
                       "utf-8")
    G = build([corpus], None, aliases=aliases, write_map=False, use_cache=False).graph
    assert [n for n, a in G.nodes(data=True) if "Weilai Holding Anhui" in [a["name"], *a["aliases"]]] == ["firm:nio"]
    assert G.edges["firm:larch-valley-holdings", "firm:nio", "INVESTS_IN"]["stake"] == 4.5
    assert G.has_edge("fund:hefei-construction-investment-holding", "firm:nio", "INVESTS_IN")  # the prose's, same node


def test_a_csv_title_line_and_a_row_with_an_unquoted_comma(tmp_path):
    """pandas reads every line at the first line's width: a title line above the header, or one row with a
    comma too many, made the whole table unreadable. Now the title is passed over and the row is named."""
    path = write_csv(tmp_path / "holders.csv",
                     "Shareholders of Acme Widgets (export of 2024-05-01)\n"
                     "company,shareholder,stake\n"
                     "Acme Widgets Co,Borealis Capital Fund,10\n"
                     "Acme Widgets Co,Larch Valley Holdings, Ltd,5\n"
                     "Acme Widgets Co,\"Quill Partners, Ltd\",7.5\n"
                     "Acme Widgets Co\n"
                     "Acme Widgets Co,Orrin Mills,2,\n")
    table = read_table(path)
    assert [f.reason for f in table.failures] == [
        "row 4: 4 cells where the header has 3 (a separator inside a name that is not quoted?)",
        "row 6: no shareholder (column 'shareholder' is empty)"]
    assert (table.rows, table.loaded) == (5, 3)
    got = {(c.evidence.row, c.stake) for c in table.extraction.claims}
    assert got == {(3, 10.0), (5, 7.5), (7, 2.0)}  # a quoted comma is one cell; an empty trailing cell is no cell
    names = {e.name for e in table.extraction.entities}
    assert "Quill Partners, Ltd" in names and not any("Larch" in n for n in names)

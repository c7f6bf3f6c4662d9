import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plugins.samples import DUMP_AAPL, DUMP_MSFT
from tickertape.cli import main


@pytest.fixture
def dumps(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "msft.txt"
    a.write_text(DUMP_MSFT, "utf-8")
    b = tmp_path / "aapl.txt.gz"
    b.write_bytes(gzip.compress(DUMP_AAPL.encode()))
    return a, b


def test_clean_json(dumps, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["clean", str(dumps[0]), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Microsoft Opens a New Cloud Region"
    assert data["date"] == "2018-06-19T00:00:00"
    assert data["author"] == "Jane Roe"
    assert data["tickers"][0]["symbol"] == "MSFT" and data["tickers"][0]["mic"] == "XNAS"
    assert "Azure services" in data["text"] and "<p>" in data["html"]
    assert {"counter", "share", "newsletter", "related", "comments"} <= {
        r["rule"] for r in data["removed"]}


def test_clean_text_is_paragraphs_only(dumps, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["clean", str(dumps[0]), "--format", "text"]) == 0
    out = capsys.readouterr().out
    paragraphs = out.strip().split("\n\n")
    assert len(paragraphs) == 2
    assert "Views" not in out and "Recommend" not in out


def test_explain_lists_each_removed_block_with_its_rule(dumps, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["clean", str(dumps[0]), "--format", "text", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "[counter] 120Views" in out
    assert "[share] Recommend to Friends" in out
    assert "[comments] There is no comment on this article" in out


def test_jsonl_many_sources_with_gzip_and_errors(dumps, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty.html"
    empty.write_text("")
    status = main(["clean", str(dumps[0]), str(dumps[1]), str(empty), "--format", "jsonl"])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert [x["source"] for x in lines] == [str(dumps[0]), str(dumps[1]), str(empty)]
    assert lines[1]["title"] == "Apple Suppliers Gain on Strong Phone Demand"
    assert lines[2] == {"source": str(empty), "error": "empty file"}


def test_tickers_command(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "note.txt"
    note.write_text("Alpha (NYSE: BAC) and $AAPL, not $5 or US$ 3bn.", "utf-8")
    assert main(["tickers", str(note)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == str(note)
    found = [(m["symbol"], m["exchange"], m["form"]) for m in data["mentions"]]
    assert found == [("BAC", "NYSE", "exchange"), ("AAPL", None, "cashtag")]
    span = data["mentions"][0]["span"]
    assert note.read_text()[span[0]:span[1]] == "BAC"


def test_console_script_and_module_entry_points(dumps) -> None:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-m", "tickertape", "clean", str(dumps[0]),
                          "--format", "text"], capture_output=True, text=True, check=True)
    assert "Azure services" in out.stdout
    exe = Path(sys.executable).with_name("tickertape")
    out = subprocess.run([str(exe), "tickers", str(dumps[0])], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout)["mentions"][0]["symbol"] == "MSFT"


def test_the_command_flushes_its_output_and_keeps_its_exit_status(dumps, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exe = Path(sys.executable).with_name("tickertape")
    # Many lines through a pipe: all of them arrive although the process ends
    # without tearing the interpreter down.
    sources = [str(dumps[0])] * 200
    out = subprocess.run([str(exe), "clean", *sources, "--format", "jsonl"],
                         capture_output=True, text=True, check=True)
    lines = out.stdout.splitlines()
    assert len(lines) == 200 and all(json.loads(line)["title"] for line in lines)
    missing = subprocess.run([str(exe), "clean", str(tmp_path / "absent.txt")],
                             capture_output=True, text=True)
    assert missing.returncode != 0 and "absent.txt" in missing.stderr
    usage = subprocess.run([str(exe), "no-such-command"], capture_output=True, text=True)
    assert usage.returncode == 2 and "invalid choice" in usage.stderr

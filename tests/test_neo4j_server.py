"""The local Neo4j server: configuration, authentication, secrets kept secret, start/stop/status."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from whofunds.queries import server
from whofunds.queries.connection import ConnectionSettingsError, resolve_settings

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


def test_conf_binds_loopback_only_and_turns_off_http_and_usage_reports():
    text = server.ServerConfig(port=7777, heap="1g", pagecache="256m").conf_text("/srv/x")
    settings = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert settings["server.default_listen_address"] == "127.0.0.1"
    assert settings["server.bolt.listen_address"] == "127.0.0.1:7777"
    assert settings["server.http.enabled"] == "false" and settings["server.https.enabled"] == "false"
    assert settings["dbms.usage_report.enabled"] == "false"
    assert settings["dbms.security.auth_enabled"] == "true"
    assert settings["server.memory.pagecache.size"] == "256m"
    assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in server.JVM_FLAGS


def test_default_memory_fits_a_shared_machine():
    assert 1 << 30 <= server.parse_size(server.default_heap()) <= 4 << 30
    assert 512 << 20 <= server.parse_size(server.default_pagecache()) <= 4 << 30
    with pytest.raises(ValueError):
        server.parse_size("lots")


def test_settings_come_from_flags_then_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEO4J_URI", "bolt://example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "analysts")
    s = resolve_settings()
    assert (s.uri, s.password, s.database) == ("bolt://example:7687", "from-env", "analysts")
    assert "from-env" not in repr(s)
    assert resolve_settings(uri="bolt://flag:1", password="p").uri == "bolt://flag:1"
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(ConnectionSettingsError, match="NEO4J_URI"):
        resolve_settings(server_dir=tmp_path)  # no server there


@pytest.mark.neo4j
def test_test_server_requires_its_password_and_keeps_it_private(neo4j_server):
    import neo4j

    server_dir = Path(neo4j_server.server_dir)
    mode = stat.S_IMODE((server_dir / "password").stat().st_mode)
    assert mode == 0o600
    with pytest.raises(neo4j.exceptions.AuthError):
        with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", "wrong-password")) as d:
            d.verify_connectivity()
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", neo4j_server.password)) as d:
        d.verify_connectivity()
        assert d.execute_query("CALL dbms.components() YIELD versions RETURN versions[0] AS v").records[0]["v"] \
            .startswith("5.26.")
    # The password appears in no file but its own: not the conf, the state file or any log.
    for path in server_dir.rglob("*"):
        if path.is_file() and path.name != "password" and path.stat().st_size < 50 << 20 and "databases" not in path.parts:
            assert neo4j_server.password.encode() not in path.read_bytes(), path
    assert not list(server_dir.glob("run/*.args")), "the argument file with the initial password must be gone"
    st = server.status(server_dir)
    assert st["running"] and st["uri"] == neo4j_server.uri


@pytest.mark.neo4j
def test_cli_status_never_prints_the_password(neo4j_server):
    proc = subprocess.run([*WHOFUNDS, "neo4j", "status", "--dir", neo4j_server.server_dir],
                          capture_output=True, text=True, env=neo4j_server.env())
    assert proc.returncode == 0, proc.stderr
    assert "running" in proc.stdout and neo4j_server.uri in proc.stdout
    assert neo4j_server.password not in proc.stdout + proc.stderr


@pytest.mark.neo4j
@pytest.mark.slow
def test_cli_start_stop_status_cycle(neo4j_server, tmp_path):
    """A second server through the CLI, as a user runs it; stop must end the JVM."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    d = str(tmp_path / "srv")
    started = subprocess.run([*WHOFUNDS, "neo4j", "start", "--dir", d, "--heap", "512m", "--pagecache", "128m"],
                             capture_output=True, text=True, env=env, timeout=300)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        password = Path(d, "password").read_text().strip()
        assert password and password not in started.stdout + started.stderr
        pid = server.read_state(Path(d)).pid
        assert subprocess.run([*WHOFUNDS, "neo4j", "status", "--dir", d], env=env).returncode == 0
        again = subprocess.run([*WHOFUNDS, "neo4j", "start", "--dir", d], capture_output=True, text=True, env=env)
        assert again.returncode == 0 and server.read_state(Path(d)).pid == pid  # already running: reused
    finally:
        stopped = subprocess.run([*WHOFUNDS, "neo4j", "stop", "--dir", d], capture_output=True, text=True, env=env)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(") ")[1][:1]
    assert subprocess.run([*WHOFUNDS, "neo4j", "status", "--dir", d], env=env).returncode == 1
    assert "clean shutdown" in Path(d, "logs", "neo4j.log").read_text().lower() or \
        "stopped" in Path(d, "logs", "neo4j.log").read_text().lower()


def test_class_archive_is_written_at_a_clean_exit_then_used(monkeypatch, tmp_path):
    """No archive yet: the server is told to write one when it exits, and a clean stop moves it into place;
    from then on starts map it. A server that had to be killed leaves nothing half-written behind."""
    monkeypatch.delenv("WHOFUNDS_NO_CLASS_ARCHIVE", raising=False)
    monkeypatch.setenv("WHOFUNDS_CACHE", str(tmp_path / "cache"))
    lib = tmp_path / "neo4j-5.26.0" / "lib"
    lib.mkdir(parents=True)
    (lib / ".complete").write_text("5.26.0\n")
    java = server.java_command()
    srv = tmp_path / "srv"
    (srv / "run").mkdir(parents=True)
    archive = server.class_archive(java, lib)
    assert archive.parent == tmp_path / "cache" / "cds" and "5.26.0" in archive.name

    def dump_flag() -> Path:
        flags = server._class_archive_flags(java, lib, srv)
        dump = [f for f in flags if f.startswith("-XX:ArchiveClassesAtExit=")]
        assert len(dump) == 1 and not any(f.startswith("-XX:SharedArchiveFile=") for f in flags)
        return Path(dump[0].split("=", 1)[1])

    killed = dump_flag()
    killed.write_bytes(b"half")
    server._settle_class_archive(srv, exited_cleanly=False)
    assert not killed.exists() and not archive.exists() and not (srv / "run" / "class-archive").exists()

    written = dump_flag()
    written.write_bytes(b"archive")
    server._settle_class_archive(srv, exited_cleanly=True)
    assert archive.read_bytes() == b"archive" and not written.exists()
    assert server._class_archive_flags(java, lib, srv) == [f"-XX:SharedArchiveFile={archive}"]
    server._settle_class_archive(srv, exited_cleanly=True)  # nothing pending: nothing to do
    assert archive.read_bytes() == b"archive"

    (lib / ".complete").write_text("5.26.0 fetched again\n")  # new jars: an archive of their own
    os.utime(lib / ".complete", ns=(1, 1))
    assert server.class_archive(java, lib) != archive
    monkeypatch.setenv("WHOFUNDS_NO_CLASS_ARCHIVE", "1")
    assert server._class_archive_flags(java, lib, srv) == []

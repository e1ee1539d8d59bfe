"""A local Neo4j 5.26 Community server, fetched from Maven Central and run from its jars.

No installer, no Docker: Maven copies ``org.neo4j:neo4j`` and its dependencies into a cache, and
we start ``org.neo4j.server.CommunityEntryPoint`` on Java 17 with a minimal ``neo4j.conf``
(loopback only, Bolt on a chosen port, HTTP off, usage reporting off, auth on).

The password comes from ``NEO4J_PASSWORD`` or is generated once and kept in ``<server dir>/password``
(mode 0600). It is never printed and never put on a command line: the initial password is set
through an argument file read by Neo4j's admin tool.

>>> from whofunds.queries.server import ServerConfig
>>> conf = ServerConfig(port=7688).conf_text("/srv/neo4j")
>>> "server.http.enabled=false" in conf, "dbms.security.allow_csv_import_from_file_urls=false" in conf
(True, True)

``start`` checks that nothing listens on the port before it starts, and that the server answering there
is the process it started (the listening socket is its own, and the server reports its pid) before it
sends the password or reports success: never to whatever else happens to listen on the port.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

NEO4J_SERIES = "5.26"
# Maven picks the newest release inside this range, so patch releases arrive without a code change.
NEO4J_VERSION_RANGE = "[5.26.0,5.26.99999]"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"

# From the server.jvm.additional defaults of Neo4j 5's own neo4j.conf: module opens the kernel
# needs on Java 17, and the GC/netty settings Neo4j is tuned and tested with.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


class Neo4jSetupError(RuntimeError):
    """Neo4j could not be fetched, configured or started; the message says why and where to look."""


def cache_root() -> Path:
    """Where jars and the default server live: ``$WHOFUNDS_CACHE`` or ``~/.cache/whofunds``."""
    return Path(os.environ.get("WHOFUNDS_CACHE") or Path.home() / ".cache" / "whofunds")


def default_server_dir() -> Path:
    return cache_root() / "neo4j-server"


# --------------------------------------------------------------------------- fetching the jars

def _pom(version: str, transitive: bool = True) -> str:
    # Without transitive dependencies, resolving a version range reads only the metadata; with them,
    # Maven would walk the dependency tree of every 5.26.x release (minutes of POM downloads).
    exclusions = "" if transitive else (
        "<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>")
    kind = "" if transitive else "<type>pom</type>"
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>whofunds.local</groupId>
  <artifactId>neo4j-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId><version>{version}</version>{kind}{exclusions}</dependency>
  </dependencies>
</project>
"""


def _maven(mvn: str, work: Path, log: Path, goal: str, *args: str) -> int:
    cmd = [mvn, "-B", "-f", str(work / "pom.xml"), f"{DEPENDENCY_PLUGIN}:{goal}", *args,
           "-Dmaven.wagon.http.retryHandler.count=5", "-Daether.connector.http.retryHandler.count=5"]
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("$ " + " ".join(cmd) + "\n")
        fh.flush()
        return subprocess.call(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work)


def resolve_version(mvn: str, work: Path, log: Path) -> str:
    """The newest 5.26.x on Maven Central, as Maven resolves ``NEO4J_VERSION_RANGE``."""
    (work / "pom.xml").write_text(_pom(NEO4J_VERSION_RANGE, transitive=False), "utf-8")
    listing = work / "resolved.txt"
    rc = _maven(mvn, work, log, "list", f"-DoutputFile={listing}")
    found = re.search(r"org\.neo4j:neo4j:pom:(5\.26\.\d+)", listing.read_text("utf-8")) if listing.exists() else None
    if rc != 0 or not found:
        raise Neo4jSetupError(f"Maven could not resolve org.neo4j:neo4j {NEO4J_VERSION_RANGE} (exit {rc}); "
                              f"full log: {log}\n{_tail(log, 25)}")
    return found.group(1)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text("utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def cached_lib_dir(root: Path | None = None, version: str | None = None) -> Path | None:
    """The newest complete ``neo4j-<version>/lib`` in the cache (or the one for ``version``), if any."""
    root = root or cache_root()
    found = []
    for marker in root.glob(f"neo4j-{version or NEO4J_SERIES + '.*'}/lib/.complete"):
        ver = marker.parent.parent.name.removeprefix("neo4j-")
        found.append((tuple(int(p) for p in re.findall(r"\d+", ver)), marker.parent))
    return max(found)[1] if found else None


def fetch_neo4j(version: str | None = None, root: Path | None = None) -> Path:
    """Return a directory holding every Neo4j Community jar, fetching them with Maven on first use.

    ``version`` is an exact release (``"5.26.12"``); by default ``$WHOFUNDS_NEO4J_VERSION`` or the
    newest 5.26.x that Maven Central resolves. Jars land in ``~/.m2`` and are copied to
    ``<cache>/neo4j-<version>/lib``; later calls use the copy and need no network.
    """
    root = root or cache_root()
    version = version or os.environ.get("WHOFUNDS_NEO4J_VERSION") or None
    done = cached_lib_dir(root, version)
    if done:
        return done
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jSetupError("Maven ('mvn') is not on PATH; install it (apt-get install maven) to fetch Neo4j")
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="neo4j-fetch-", dir=root))
    log = root / "neo4j-fetch.log"
    log.write_text("", "utf-8")
    try:
        version = version or resolve_version(mvn, work, log)
        done = cached_lib_dir(root, version)
        if done:
            return done
        (work / "pom.xml").write_text(_pom(version), "utf-8")
        rc = _maven(mvn, work, log, "copy-dependencies", f"-DoutputDirectory={work / 'lib'}", "-DincludeScope=runtime")
        main_jar = work / "lib" / f"neo4j-{version}.jar"
        if rc != 0 or not main_jar.exists():
            raise Neo4jSetupError(f"Maven could not fetch org.neo4j:neo4j {version} (exit {rc}); "
                                  f"full log: {log}\n{_tail(log, 25)}")
        target = root / f"neo4j-{version}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        os.replace(work / "lib", target / "lib")
        # The marker is written last: a fetch killed half-way is never mistaken for a complete one.
        (target / "lib" / ".complete").write_text(version + "\n", "utf-8")
        return target / "lib"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def lib_version(lib: Path) -> str:
    return lib.parent.name.removeprefix("neo4j-")


# --------------------------------------------------------------------------- configuration

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``127.0.0.1:port`` now. Like the JVM's server sockets, the check
    binds with ``SO_REUSEADDR``: connections of a server just stopped (TIME_WAIT) do not hold the port,
    so a restart keeps it; a listener does."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _total_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def default_heap() -> str:
    """An eighth of RAM, between 1 and 4 GiB (3g on a 24 GiB machine): other work shares the box."""
    return f"{max(1, min(4, _total_memory() // 8 >> 30))}g"


def default_pagecache() -> str:
    """A twelfth of RAM, between 512 MiB and 4 GiB: the whofunds graphs are small."""
    return f"{max(512, min(4096, _total_memory() // 12 >> 20))}m"


def parse_size(text: str) -> int:
    """Bytes in a Neo4j/JVM size such as ``"512m"`` or ``"2g"``.

    >>> parse_size("2g"), parse_size("512m")
    (2147483648, 536870912)
    """
    m = re.fullmatch(r"\s*(\d+)\s*([kmgKMG]?)[bB]?\s*", text)
    if not m:
        raise ValueError(f"not a size: {text!r} (use e.g. 512m or 2g)")
    return int(m.group(1)) << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


@dataclass
class ServerConfig:
    """What the server is started with. ``auth=False`` is for throwaway test servers on loopback only."""

    port: int
    heap: str = field(default_factory=default_heap)
    pagecache: str = field(default_factory=default_pagecache)
    auth: bool = True

    def conf_text(self, server_dir: str | os.PathLike) -> str:
        d = Path(server_dir)
        lines = [
            "# Written by whofunds (queries/server.py); rewritten on every start.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            "server.bolt.enabled=true",
            f"server.bolt.listen_address=127.0.0.1:{self.port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.port}",
            "server.bolt.tls_level=DISABLED",
            "server.http.enabled=false",
            "server.https.enabled=false",
            f"server.directories.data={d / 'data'}",
            f"server.directories.logs={d / 'logs'}",
            f"server.directories.run={d / 'run'}",
            # Nothing to import: CSV import from file URLs is off, and its folder is kept empty.
            f"server.directories.import={d / 'import'}",
            "dbms.security.allow_csv_import_from_file_urls=false",
            f"server.directories.plugins={d / 'plugins'}",
            f"server.memory.heap.initial_size={self.heap}",
            f"server.memory.heap.max_size={self.heap}",
            f"server.memory.pagecache.size={self.pagecache}",
            "dbms.usage_report.enabled=false",
            f"dbms.security.auth_enabled={'true' if self.auth else 'false'}",
            "db.tx_log.rotation.retention_policy=1G size",
            # Once the databases have stopped, Bolt's network threads idle through Netty's quiet periods
            # (twice 5 s) before the JVM exits: 10 of the 10.4 s a stop took, paid twice by every
            # `neo4j import`. Nothing is left to serve then, so no quiet period.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
            "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
            "",
        ]
        return "\n".join(lines)


# --------------------------------------------------------------------------- state on disk

@dataclass
class ServerState:
    """What ``start`` leaves in ``<server dir>/server.json`` for ``stop``, ``status`` and connections."""

    pid: int
    port: int
    version: str
    auth: bool
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


def read_state(server_dir: Path) -> ServerState | None:
    try:
        return ServerState(**json.loads((Path(server_dir) / "server.json").read_text("utf-8")))
    except (FileNotFoundError, json.JSONDecodeError, TypeError):
        return None


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only, before any secret byte is written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(path, 0o600)


def server_password(server_dir: Path) -> str:
    """``$NEO4J_PASSWORD``, else the password stored for this server, else a new one (stored, mode 0600)."""
    env = os.environ.get("NEO4J_PASSWORD")
    if env:
        return env
    path = Path(server_dir) / "password"
    if path.exists():
        return path.read_text("utf-8").strip()
    # a leading "-" would make neo4j-admin read the password as an option (1 start in 64 did)
    password = "p" + secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def stored_password(server_dir: Path) -> str | None:
    path = Path(server_dir) / "password"
    return path.read_text("utf-8").strip() if path.exists() else None


# --------------------------------------------------------------------------- processes

def _pid_alive(pid: int) -> bool:
    try:
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False  # our own child, now reaped
    except ChildProcessError:
        pass  # not our child: ask the kernel
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return True


def _is_our_server(pid: int, server_dir: Path) -> bool:
    """Guard against a recycled pid: the process must be the entry point started for this directory."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, PermissionError):
        return _pid_alive(pid)
    return ENTRY_POINT.encode() in cmdline and f"--home-dir={server_dir}".encode() in cmdline


def java_command() -> str:
    """The ``java`` to run Neo4j with (``$JAVA_HOME`` first), checked to be Java 17 or newer."""
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home and (Path(home) / "bin" / "java").exists() else shutil.which("java")
    if not java:
        raise Neo4jSetupError("Java 17+ is needed to run Neo4j 5.26, and no 'java' is on PATH or in JAVA_HOME")
    out = _java_version(java)
    m = re.search(r'version "(\d+)', out)
    if not m or int(m.group(1)) < 17:
        raise Neo4jSetupError(f"Neo4j 5.26 needs Java 17 or newer; {java} says: {out.strip().splitlines()[0] if out else '?'}")
    return java


def _java_version(java: str) -> str:
    """What ``java -version`` prints (asked once per process and binary)."""
    key = os.path.realpath(java)
    if key not in _JAVA_VERSIONS:
        _JAVA_VERSIONS[key] = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return _JAVA_VERSIONS[key]


_JAVA_VERSIONS: dict[str, str] = {}


# --------------------------------------------------------------------------- class-data sharing

def class_archive(java: str, lib: Path) -> Path:
    """Where the server's class-data archive (AppCDS) for this ``java`` and these jars lives.

    Starting Neo4j loads and verifies some 15,000 classes; from an archive the JVM maps them instead.
    Measured here: a start (until Bolt answers and says it is our process) took 4.7-7.5 s with the
    archive against 10.1-11.8 s without, on a busy 2-core machine. ``neo4j import`` starts the server
    once per import; the tests start dozens. The name holds a digest of the java binary, its version
    and the jars' folder (and when they were fetched), so a new JDK or new jars get an archive of their
    own; one the JVM still finds stale it ignores, with a warning in the console log.
    """
    marker = lib / ".complete"
    stamp = marker.stat().st_mtime_ns if marker.exists() else 0
    digest = hashlib.sha256("\0".join([os.path.realpath(java), _java_version(java), str(lib.resolve()), str(stamp),
                                        *JVM_FLAGS]).encode()).hexdigest()[:16]
    return cache_root() / "cds" / f"neo4j-{lib_version(lib)}-server-{digest}.jsa"


def _class_archive_flags(java: str, lib: Path, server_dir: Path) -> list[str]:
    """The JVM flags that use the class-data archive, or, while there is none, write one when this server
    exits cleanly (``stop``: a few seconds more, once). The pending archive is named in
    ``run/class-archive``; :func:`stop` moves it into place once the process has exited by itself."""
    if os.environ.get("WHOFUNDS_NO_CLASS_ARCHIVE"):
        return []
    archive = class_archive(java, lib)
    pending = server_dir / "run" / "class-archive"
    pending.unlink(missing_ok=True)
    if archive.is_file() and archive.stat().st_size:
        return [f"-XX:SharedArchiveFile={archive}"]
    archive.parent.mkdir(parents=True, exist_ok=True)
    for stale in archive.parent.glob(archive.name + ".*.tmp"):  # from servers killed before they could write one
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    tmp = archive.with_name(f"{archive.name}.{secrets.token_hex(4)}.tmp")
    pending.write_text(f"{tmp}\n{archive}\n", "utf-8")
    # (its warnings, one per class it cannot archive, kept out of the console log)
    return [f"-XX:ArchiveClassesAtExit={tmp}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]


def _settle_class_archive(server_dir: Path, exited_cleanly: bool) -> None:
    """After the server's process is gone: move the archive it wrote at exit into place (or drop it)."""
    pending = server_dir / "run" / "class-archive"
    try:
        tmp, archive = pending.read_text("utf-8").split()
    except (FileNotFoundError, ValueError):
        return
    pending.unlink(missing_ok=True)
    tmp_path = Path(tmp)
    if exited_cleanly and tmp_path.is_file() and tmp_path.stat().st_size:
        os.replace(tmp_path, archive)
    else:
        tmp_path.unlink(missing_ok=True)


def _set_initial_password(java: str, lib: Path, server_dir: Path, password: str) -> None:
    """Run Neo4j's admin tool once, reading the password from a 0600 argument file (never argv)."""
    argfile = server_dir / "run" / "initial-password.args"
    # picocli argument files: one argument per line, quoted so any character survives.
    quoted = '"' + password.replace("\\", "\\\\").replace('"', '\\"') + '"'
    _write_private(argfile, f"dbms\nset-initial-password\n{quoted}\n")
    env = dict(os.environ, NEO4J_HOME=str(server_dir), NEO4J_CONF=str(server_dir / "conf"))
    try:
        proc = subprocess.run([java, "-Xmx256m", "-cp", f"{lib}/*", *JVM_FLAGS, ADMIN_TOOL, f"@{argfile}"],
                              capture_output=True, text=True, env=env, cwd=server_dir, stdin=subprocess.DEVNULL)
    finally:
        argfile.unlink(missing_ok=True)
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).replace(password, "********")
        raise Neo4jSetupError(f"setting the initial Neo4j password failed (exit {proc.returncode}):\n{output[-3000:]}")


def log_tail(server_dir: Path, lines: int = 30) -> str:
    """The end of the console output and of ``neo4j.log``: where start-up failures are explained."""
    logs = Path(server_dir) / "logs"
    return "\n".join(f"--- {logs / name}\n{_tail(logs / name, lines)}" for name in ("console.log", "neo4j.log"))


def wait_for_bolt(uri: str, auth: tuple[str, str] | None, timeout: float, proc_alive=lambda: True,
                  server_dir: Path | None = None) -> None:
    """Poll ``verify_connectivity`` until Bolt answers; on timeout or death, raise with the log tail."""
    import neo4j


    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if not proc_alive():
            raise Neo4jSetupError(f"Neo4j exited during start-up:\n{log_tail(server_dir) if server_dir else ''}")
        try:
            with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=2) as driver:
                driver.verify_connectivity()
            return
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError) as exc:
            last = exc
            time.sleep(0.2)  # a start waits this long at most for nothing
    raise Neo4jSetupError(f"Neo4j did not answer on {uri} within {timeout:.0f}s ({last}):\n"
                          f"{log_tail(server_dir) if server_dir else ''}")


def listening_pid(port: int, host: str = "127.0.0.1") -> int | None:
    """The pid of the process listening on ``host:port`` over TCP, if this user may see it."""
    import psutil

    try:
        conns = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, OSError):
        return None
    for c in conns:
        if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.laddr.ip in (host, "0.0.0.0", "::"):
            return c.pid
    return None


def _listens(pid: int, port: int) -> bool:
    import psutil

    try:
        proc = psutil.Process(pid)
        conns = proc.net_connections(kind="tcp") if hasattr(proc, "net_connections") else proc.connections(kind="tcp")
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port for c in conns)


def wait_for_listener(proc: subprocess.Popen, port: int, deadline: float, server_dir: Path) -> None:
    """Wait until ``proc`` itself listens on ``port``; raise if it dies or time runs out."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Neo4jSetupError(f"Neo4j exited during start-up:\n{log_tail(server_dir)}")
        if _listens(proc.pid, port):
            return
        time.sleep(0.2)
    other = listening_pid(port)
    raise Neo4jSetupError(f"the Neo4j process (pid {proc.pid}) did not listen on port {port} in time"
                          + (f"; pid {other} listens there instead" if other else "") + f":\n{log_tail(server_dir)}")


def check_server_pid(uri: str, auth: tuple[str, str] | None, pid: int) -> None:
    """The server answering at ``uri`` must report ``pid`` (JMX's Runtime MBean) as its own."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=5) as driver:
        with driver.session() as session:
            rec = session.run("CALL dbms.queryJmx('java.lang:type=Runtime') YIELD attributes "
                              "RETURN attributes.Pid.value AS pid").single()
    answered = rec["pid"] if rec else None
    if answered is None or int(answered) != pid:
        raise Neo4jSetupError(f"the server answering at {uri} is not the one just started "
                              f"(it reports pid {answered}, expected {pid})")


def start(server_dir: str | os.PathLike | None = None, port: int | None = None, heap: str | None = None,
          pagecache: str | None = None, auth: bool = True, timeout: float = 180,
          version: str | None = None) -> ServerState:
    """Start (or find running) the local server in ``server_dir``; return its state once Bolt answers."""
    server_dir = Path(server_dir or default_server_dir()).resolve()
    running = status(server_dir)
    if running["running"]:
        return read_state(server_dir)
    previous = read_state(server_dir)
    # Keep the last port when it is still free, so a user's NEO4J_URI keeps working across restarts.
    if port is None:
        port = previous.port if previous and port_is_free(previous.port) else free_port()
    elif not port_is_free(port):
        owner = listening_pid(port)
        raise Neo4jSetupError(f"port {port} on 127.0.0.1 is already in use"
                              + (f" (by pid {owner})" if owner else "")
                              + "; stop what listens there or choose another --port (nothing was started)")
    lib = fetch_neo4j(version)
    java = java_command()
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (server_dir / sub).mkdir(parents=True, exist_ok=True)
    shutil.rmtree(server_dir / "import", ignore_errors=True)  # the import folder stays empty
    (server_dir / "import").mkdir()
    config = ServerConfig(port=port,
                          heap=heap or default_heap(), pagecache=pagecache or default_pagecache(), auth=auth)
    (server_dir / "conf" / "neo4j.conf").write_text(config.conf_text(server_dir), "utf-8")
    password = None
    if auth:
        password = server_password(server_dir)
        if not (server_dir / "data" / "dbms" / "auth.ini").exists() and not (server_dir / "data" / "databases" / "system").exists():
            _set_initial_password(java, lib, server_dir, password)
    log = server_dir / "logs" / "console.log"
    # Initial heap = maximum, as Neo4j advises: a growing heap means full GCs in the middle of a load.
    cmd = [java, f"-Xms{config.heap}", f"-Xmx{config.heap}",
           "-XX:+ExitOnOutOfMemoryError", *JVM_FLAGS, *_class_archive_flags(java, lib, server_dir),
           "-cp", f"{lib}/*", ENTRY_POINT,
           f"--home-dir={server_dir}", f"--config-dir={server_dir / 'conf'}"]
    with open(log, "ab") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=server_dir, start_new_session=True)
    state = ServerState(pid=proc.pid, port=config.port, version=lib_version(lib), auth=auth, started_at=time.time())
    (server_dir / "server.json").write_text(json.dumps(asdict(state), indent=1) + "\n", "utf-8")
    try:
        deadline = time.monotonic() + timeout
        # Our own process must hold the listening socket before any password goes to the port ...
        wait_for_listener(proc, config.port, deadline, server_dir)
        wait_for_bolt(state.uri, ("neo4j", password) if auth else None, max(1.0, deadline - time.monotonic()),
                      proc_alive=lambda: proc.poll() is None, server_dir=server_dir)
        # ... and the server that answers must say it is that process.
        check_server_pid(state.uri, ("neo4j", password) if auth else None, proc.pid)
    except BaseException:
        stop(server_dir)
        raise
    return state


def stop(server_dir: str | os.PathLike | None = None, timeout: float = 60) -> bool:
    """Stop the server: SIGTERM, wait up to ``timeout`` seconds for a clean shutdown, then SIGKILL.

    Returns whether a running server was stopped.
    """
    server_dir = Path(server_dir or default_server_dir()).resolve()
    state = read_state(server_dir)
    if state is None or not _pid_alive(state.pid) or not _is_our_server(state.pid, server_dir):
        return False
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _pid_alive(state.pid):
        time.sleep(0.2)
    killed = _pid_alive(state.pid)
    if killed:
        os.kill(state.pid, signal.SIGKILL)
        while _pid_alive(state.pid):
            time.sleep(0.1)
    _settle_class_archive(server_dir, exited_cleanly=not killed)
    return True


def status(server_dir: str | os.PathLike | None = None) -> dict:
    """Whether the server of ``server_dir`` runs, with its pid, URI and Neo4j version (no password)."""
    server_dir = Path(server_dir or default_server_dir()).resolve()
    state = read_state(server_dir)
    running = bool(state and _pid_alive(state.pid) and _is_our_server(state.pid, server_dir))
    return {"server_dir": str(server_dir), "running": running,
            "pid": state.pid if running else None, "uri": state.uri if state else None,
            "version": state.version if state else None, "auth": state.auth if state else None}

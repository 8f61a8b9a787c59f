"""A real one-node Slurm cluster for the tests, owned by the test process.

``start_cluster(root)`` writes a slurm.conf and a munge key under ``root``, starts
``munged -F``, ``slurmctld -D`` and ``slurmd -D`` in the foreground (so their pids are
ours), and returns once ``sinfo`` shows the node idle.  ``SlurmCluster.stop()`` cancels
what is still queued, stops the daemons by pid (SIGTERM, wait, SIGKILL) and kills any job
process left behind (found by this cluster's SLURM_CONF in its environment, never by
name).  Everything the daemons write (state, spool, logs, pid files) is under ``root``,
on ports picked free; nothing under /etc, /run or /var is used, so a Slurm or munge the
machine runs for itself is untouched.

The settings below are what a one-node cluster needs in a container without systemd or a
delegated cgroup tree; each is explained where it is written.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("munge", "sinfo", "sbatch", "squeue", "scontrol", "scancel")
START_TIMEOUT = 60.0
"""Seconds for munged, slurmctld and slurmd to come up and the node to turn idle."""
STOP_TIMEOUT = 15.0
"""Seconds each daemon gets after SIGTERM before SIGKILL."""


SEARCH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"])
"""Where the binaries are looked for: the daemons live in sbin, which a PATH may lack."""


def binary(name: str) -> str:
    return shutil.which(name, path=SEARCH) or name


def missing_binaries() -> list[str]:
    return [name for name in (*DAEMONS, *CLIENTS) if shutil.which(name, path=SEARCH) is None]


def free_port() -> int:
    """A TCP port nothing listens on now (the kernel's pick), on the loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(
    check: Callable[[], bool], timeout: float, what: str, why: Callable[[], str] = str
) -> None:
    """Poll ``check`` until true; fail after ``timeout`` seconds saying ``what`` and ``why()``."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not after {timeout:.0f} s\n{why()}")
        time.sleep(0.25)


def stop_process(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


def _pids_with_env(marker: bytes) -> list[int]:
    """Processes (ours to see as root) whose environment holds ``marker`` exactly."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state


def _zombie_steps() -> list[int]:
    """slurmstepd processes that have exited and wait for PID 1 to reap them."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError, IndexError):
            stat = (entry / "stat").read_text()
            name, rest = stat.split("(", 1)[1].rsplit(")", 1)
            if name == "slurmstepd" and rest.split()[0] == "Z":
                found.append(int(entry.name))
    return found


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return f"--- {path.name}: (none)"
    return f"--- {path.name}:\n" + "\n".join(text[-lines:])


@dataclass
class SlurmCluster:
    root: Path
    node: str
    cpus: int
    conf: Path
    env: dict[str, str]
    munge_dir: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    # ------------------------------------------------------------------ clients

    def run(self, *args: str | Path, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [binary(str(args[0])), *map(str, args[1:])],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def logs(self) -> str:
        """The last lines of every daemon's log, for a failure message."""
        logs = [f"{name}.{kind}" for kind in ("log", "out") for name in DAEMONS]
        return "\n".join(_tail(self.root / "log" / name) for name in logs)

    def node_state(self) -> str:
        result = self.run("sinfo", "--noheader", "--nodes", self.node, "--format", "%T")
        return result.stdout.strip() if result.returncode == 0 else result.stderr.strip()

    def queued(self, *job_ids: str) -> list[str]:
        """Jobs (or array tasks) among ``job_ids`` still pending, running or completing."""
        result = self.run("squeue", "--noheader", "--jobs", ",".join(job_ids), "--format", "%i")
        if result.returncode != 0:
            # squeue fails on ids it no longer knows; 'scontrol show job' is the judge then
            return [job for job in job_ids if self._active(job)]
        return result.stdout.split()

    def _active(self, job_id: str) -> bool:
        return any(
            state in {"PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED"}
            for state, _ in self.job_results(job_id).values()
        )

    def wait_drained(self, *job_ids: str, timeout: float) -> None:
        wait_until(
            lambda: not self.queued(*job_ids),
            timeout,
            f"jobs {', '.join(job_ids)} finished",
            lambda: self.run("squeue").stdout + self.logs(),
        )

    def job_results(self, job_id: str) -> dict[str, tuple[str, str]]:
        """``{task: (JobState, ExitCode)}`` of a job, or of every task of an array job
        (task ids as strings; "" for a job that is not an array), from the controller's
        memory (finished jobs stay there for MinJobAge)."""
        result = self.run("scontrol", "--oneliner", "show", "job", job_id)
        found = {}
        for line in result.stdout.splitlines():
            fields = dict(re.findall(r"(\w+)=(\S*)", line))
            if "JobState" in fields:
                task = fields.get("ArrayTaskId", "")
                found[task] = (fields["JobState"], fields.get("ExitCode", ""))
        return found

    # ------------------------------------------------------------------ life cycle

    def _start(self, name: str, *args: str | Path) -> subprocess.Popen[bytes]:
        out = (self.root / "log" / f"{name}.out").open("ab")
        try:
            proc = subprocess.Popen(
                [binary(name), *map(str, args)],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a ^C to pytest reaches the tests, not the daemons
            )
        finally:
            out.close()
        self.procs[name] = proc
        return proc

    def _check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited {proc.returncode}\n{self.logs()}")

    def start(self) -> None:
        socket_path = self.munge_dir / "munge.socket"
        self._start(
            "munged",
            "--foreground",
            f"--socket={socket_path}",
            f"--key-file={self.root / 'munge' / 'munge.key'}",
            f"--log-file={self.root / 'log' / 'munged.log'}",
            f"--pid-file={self.root / 'munge' / 'munged.pid'}",
            f"--seed-file={self.root / 'munge' / 'munged.seed'}",
        )

        def munge_works() -> bool:
            self._check_alive()
            return (
                socket_path.exists() and self.run("munge", "-S", socket_path, "-n").returncode == 0
            )

        wait_until(munge_works, START_TIMEOUT, "munged answering", self.logs)
        self._start("slurmctld", "-D")
        self._start("slurmd", "-D", "-N", self.node)

        def node_idle() -> bool:
            self._check_alive()
            return self.node_state() == "idle"

        wait_until(node_idle, START_TIMEOUT, f"node {self.node} idle", self.logs)

    def stop(self) -> None:
        """Cancel every job, stop the daemons, kill whatever a job left; never raises."""
        with contextlib.suppress(Exception):
            if self.procs.get("slurmctld") and self.procs["slurmctld"].poll() is None:
                self.run("scancel", "--full", "--user", "root")
                with contextlib.suppress(TimeoutError):
                    wait_until(
                        lambda: not self.run("squeue", "--noheader").stdout.strip(),
                        STOP_TIMEOUT,
                        "queue empty",
                    )
        # Then let the slurmstepd of a job that just ended exit before slurmd goes.  (A
        # daemon's own children, such as slurmctld's slurmscriptd, go with it; slurmd
        # double-forks each slurmstepd, which so is no child of slurmd.)
        marker = f"SLURM_CONF={self.conf}".encode()
        daemons = {proc.pid for proc in self.procs.values()}

        seen: set[int] = set()

        def steps() -> set[int]:
            found = {p for p in _pids_with_env(marker) if {p, _ppid(p)}.isdisjoint(daemons)}
            seen.update(found)
            return found

        with contextlib.suppress(TimeoutError):
            wait_until(lambda: not steps(), STOP_TIMEOUT, "job steps gone")
        for name in reversed(DAEMONS):
            proc = self.procs.get(name)
            if proc is not None:
                with contextlib.suppress(Exception):
                    stop_process(proc)
        # slurmstepd and the job's own processes are not our children: a job still
        # running when slurmd stopped would outlive it.  They carry our SLURM_CONF.
        for pid in _pids_with_env(marker):
            seen.add(pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        # They were reparented to PID 1: wait for it to reap them, and the slurmstepd of
        # a job that ended earlier, a zombie already (no environment left to know it by),
        # so that not even a zombie of ours is left when the tests end.
        with contextlib.suppress(TimeoutError):
            wait_until(
                lambda: (
                    not any(Path(f"/proc/{pid}").exists() for pid in seen) and not _zombie_steps()
                ),
                STOP_TIMEOUT,
                "job processes reaped",
            )
        shutil.rmtree(self.munge_dir, ignore_errors=True)


def write_conf(root: Path, node: str, cpus: int, munge_socket: Path) -> Path:
    ctld_port, slurmd_port = free_port(), free_port()
    while slurmd_port == ctld_port:
        slurmd_port = free_port()
    conf = root / "slurm.conf"
    conf.write_text(
        f"""\
# A one-node Slurm for briefgen's tests (tests/slurm_cluster.py writes this).
ClusterName=briefgen-test
# This host's own name, as on a real cluster, with its address given: the loopback,
# so no name lookup is needed and the daemons talk over the loopback only.
SlurmctldHost={node}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
# Everything runs as root (the test is root); no slurm user to create.
SlurmUser=root
SlurmdUser=root
# munge, but our own munged on our own socket, with our own key.
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={munge_socket}
# State, spool, pid and log files here, not under /var, /run or /etc.
StateSaveLocation={root / "state"}
SlurmdSpoolDir={root / "spool"}
SlurmctldPidFile={root / "slurmctld.pid"}
SlurmdPidFile={root / "slurmd.pid"}
SlurmctldLogFile={root / "log" / "slurmctld.log"}
SlurmdLogFile={root / "log" / "slurmd.log"}
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups (a container has no delegated cgroup tree and no systemd to ask for one):
# track a job's processes through /proc and bind no CPUs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# No slurmdbd: no accounting, so no sacct; the tests read `scontrol show job`, which
# keeps a finished job for MinJobAge (300 s) after it ends.
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
# No mail program here (the default, /bin/mail, is missing: an error line per start).
MailProg=/bin/true
SwitchType=switch/none
SchedulerType=sched/backfill
# CPUs are the only resource counted: --mem requests are checked against RealMemory
# but not reserved, so the test needs no real memory figure.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# The node comes up idle when slurmd registers, even on a controller that saw it before.
ReturnToService=2
NodeName={node} NodeAddr=127.0.0.1 NodeHostname={node} CPUs={cpus} RealMemory=1024 State=UNKNOWN
PartitionName=debug Nodes={node} Default=YES MaxTime=INFINITE State=UP
""",
        "utf-8",
    )
    return conf


def write_munge_key(path: Path) -> None:
    """A fresh key for this cluster only (munged wants it owned by its user, mode 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as key:
        key.write(os.urandom(1024))


@contextlib.contextmanager
def running_cluster(root: Path) -> Iterator[SlurmCluster]:
    """A started one-node cluster under ``root``; stopped, whatever happens, on exit."""
    node = socket.gethostname().split(".")[0]
    cpus = len(os.sched_getaffinity(0))
    for sub in ("state", "spool", "log", "munge"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "munge").chmod(0o700)
    write_munge_key(root / "munge" / "munge.key")
    # munged insists that every folder above its socket be searchable by all, which
    # pytest's own temporary folders (0700) are not: the socket gets a folder of its own.
    munge_dir = Path(tempfile.mkdtemp(prefix="briefgen-munge-"))
    munge_dir.chmod(0o755)
    conf = write_conf(root, node, cpus, munge_dir / "munge.socket")
    env = {**os.environ, "SLURM_CONF": str(conf)}
    for name in list(env):
        if name.startswith(("SLURM_", "SBATCH_", "SQUEUE_", "SINFO_")) and name != "SLURM_CONF":
            del env[name]  # a Slurm job running this test must not leak its settings in
    cluster = SlurmCluster(root, node, cpus, conf, env, munge_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()

"""Deterministic guest-agent log generator: the sample fleet's agent logs and big benchmark logs.

    python -m tools.loggen samples [--out sample_logs/agent-logs]
    python -m tools.loggen large OUT.log [--mb 2000] [--seed 7]
    python -m tools.loggen grep-patterns OUT.txt     # the waagent signals as grep -E lines

``samples`` writes the agent logs of the sample fleet (3 weeks, 2026-11-02 .. 11-22, one
backup per VM per night around 22:00-23:30 UTC). Each scenario VM of the team table gets
logs whose evidence explains its failing nights, in the format its agent writes:

    lnx-web-01    waagent.log, agent 2.9 (ISO, thread, prefix): Extensions.Enabled=n from
                  11-17 21:41; each night's backup goal state is refused.
    lnx-db-02     waagent.log, agent 2.2.10 (2.1-2.2.45 layout, local time = UTC): from 11-09
                  an update to 2.2.53 crashes, is blacklisted and rediscovered (a loop);
                  VMSnapshotLinux extension.log (Python 2 form) stops after 11-09.
    lnx-app-03    messages (syslog-wrapped agent lines among other programs): DHCP and the
                  wireserver 168.63.129.16 unreachable on 11-19 .. 11-21.
    win-sql-01    WaAppAgent.log, [MM/DD/YYYY ...] style: the agent stops on 11-16 and every
                  restart attempt fails until a reinstall on 11-19.
    win-app-02    WaAppAgent.log, ISO style: IaaSBcdrExtension.exe blocked by group policy
                  (AppLocker) every night from 11-18.
    lnx-files-04  VMSnapshotLinux extension.log (Python 3) + shell.log: freeze fails on /data
                  on 11-12; on 11-13 a freeze block never ends and the next run times out.
    lnx-mon-07    a noisy healthy VM (agent 2.10, many extension runs): informational events only.
    lnx-orphan-09 an old 2.0.18 agent log (local time Europe/Stockholm) of a VM with no jobs.

``large`` writes a big, busy (Logs.Verbose=y) agent 2.9 waagent.log quickly by repeating
pre-rendered hour blocks with new timestamps; evidence lines are as rare as in real logs.
Every run with the same arguments writes the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
SNAP = "Microsoft.Azure.RecoveryServices.VMSnapshotLinux"
SNAP_VER = "1.0.9185.0"
SNAP_EXT = f"[{SNAP}-{SNAP_VER}]"
SNAP_PY_PREFIX = f"[{SNAP}-1.0]"
AMA = "[Microsoft.Azure.Monitor.AzureMonitorLinuxAgent-1.28.11]"
WIN_SNAP_DIR = r"C:\Packages\Plugins\Microsoft.Azure.RecoveryServices.VMSnapshot\1.0.85.0"
WIN_PLUGIN = "Plugin Microsoft.Azure.RecoveryServices.VMSnapshot 1.0.85.0"
UTCZ = ZoneInfo("UTC")


def day(d: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A UTC time in November 2026."""
    return datetime(2026, 11, d, hour, minute, second, tzinfo=UTC)


def rng_for(name: str) -> random.Random:
    """A random stream that depends only on ``name``."""
    return random.Random(zlib.crc32(name.encode()))


def jitter(rng: random.Random) -> timedelta:
    """A random sub-second offset, so hand-placed events do not all land on .000000."""
    return timedelta(microseconds=rng.randint(0, 999_999))


def guid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032X}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --- a log under construction ------------------------------------------------------------


@dataclass
class Log:
    """Entries (UTC time, text) written in time order; a text may span several lines."""

    entries: list[tuple[datetime, int, str]] = field(default_factory=list)

    def add(self, t: datetime, text: str) -> None:
        self.entries.append((t, len(self.entries), text))

    def render(self) -> str:
        return "".join(text + "\n" for _, _, text in sorted(self.entries))


# A line writer: (time, level, thread, prefix, message) -> text (message may be multi-line).
Writer = Callable[[datetime, str, str, str, str], str]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def waagent_29(t: datetime, level: str, thread: str, prefix: str, msg: str) -> str:
    """Agent 2.2.47 and later: ISO UTC, level, thread, prefix."""
    first, *rest = msg.split("\n")
    return "\n".join([f"{_iso(t)} {level} {thread} {prefix} {first}", *rest])


def waagent_slash(tz: ZoneInfo) -> Writer:
    """Agents 2.1 .. 2.2.45: local time with microseconds; 2.2.10 had no process prefix."""

    def write(t: datetime, level: str, thread: str, prefix: str, msg: str) -> str:
        del thread
        local = t.astimezone(tz).strftime("%Y/%m/%d %H:%M:%S.%f")
        first, *rest = msg.split("\n")
        head = (
            f"{local} {level} {prefix} {first}"
            if prefix.startswith("[")
            else f"{local} {level} {first}"
        )
        return "\n".join([head, *rest])

    return write


def waagent_20(tz: ZoneInfo) -> Writer:
    """Agent 2.0.x: local time, no fraction, ERROR:/WARNING: glued, every line prefixed."""

    def write(t: datetime, level: str, thread: str, prefix: str, msg: str) -> str:
        del thread, prefix
        stamp = t.astimezone(tz).strftime("%Y/%m/%d %H:%M:%S")
        tag = {"ERROR": "ERROR:", "WARNING": "WARNING:"}.get(level, "")
        return "\n".join(f"{stamp} {tag}{line}" for line in msg.split("\n"))

    return write


def syslog_wrapped(inner: Writer, host: str, pid: int) -> Writer:
    """rsyslog's /var/log/messages: every line of the agent's output gets the wrapper."""

    def write(t: datetime, level: str, thread: str, prefix: str, msg: str) -> str:
        head = f"{t:%b} {t.day:>2} {t:%H:%M:%S} {host} python3[{pid}]: "
        return "\n".join(head + line for line in inner(t, level, thread, prefix, msg).split("\n"))

    return write


def syslog_other(t: datetime, host: str, program: str, msg: str) -> str:
    return f"{t:%b} {t.day:>2} {t:%H:%M:%S} {host} {program}: {msg}"


def win_bracket(t: datetime, tid: int, level: str, msg: str) -> str:
    first, *rest = msg.split("\n")
    stamp = f"{t:%m/%d/%Y %H:%M:%S}.{t.microsecond // 10000:02d}"
    return "\n".join([f"[{tid:08X}] [{stamp}] [{level}] {first}", *rest])


def win_iso(t: datetime, tid: int, level: str, msg: str) -> str:
    first, *rest = msg.split("\n")
    return "\n".join([f"[{tid:08X}] {t:%Y-%m-%dT%H:%M:%SZ} [{level}]  {first}", *rest])


def snap_py3(t: datetime, msg: str) -> str:
    return f"{t:%Y-%m-%d %H:%M:%S.%f} {SNAP_PY_PREFIX}{msg}"


def snap_py2(t: datetime, level: str, msg: str, tz: ZoneInfo = UTCZ) -> str:
    outer = t.astimezone(tz).strftime("%Y/%m/%d %H:%M:%S")
    return f"{outer} {SNAP_PY_PREFIX}{t:%Y-%m-%d %H:%M:%S.%f}  {level}  {msg} "


def shell_line(t: datetime, msg: str) -> str:
    return f"{t:%a %b} {t.day:>2} {t:%H:%M:%S} UTC {t:%Y}- {msg}"


# --- healthy Linux agent (2.2.46+ layouts) ---------------------------------------------------

FIREWALL_DUMP = (
    "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
    "    pkts      bytes target     prot opt in     out     source               destination\n"
    "\n"
    "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
    "    pkts      bytes target     prot opt in     out     source               destination\n"
    "     {a}     {b} ACCEPT     tcp  --  *      *       0.0.0.0/0            168.63.129.16"
    "        tcp dpt:53\n"
    "     {c}     {d} ACCEPT     tcp  --  *      *       0.0.0.0/0            168.63.129.16"
    "        owner UID match 0\n"
    "       0        0 DROP       tcp  --  *      *       0.0.0.0/0            168.63.129.16"
    "        ctstate INVALID,NEW"
)


@dataclass
class LinuxAgent:
    """Writes the healthy day of a Linux guest agent in one of the 2.2.46+ layouts."""

    log: Log
    write: Writer
    version: str
    rng: random.Random
    incarnation: int = 40
    heartbeat: int = 0

    def line(self, t: datetime, level: str, thread: str, msg: str, prefix: str = "") -> None:
        self.log.add(t, self.write(t, level, thread, prefix or thread, msg))

    def start(self, t: datetime, conf: dict[str, str] | None = None) -> None:
        """Daemon and ExtHandler start banners, as after a service restart."""
        conf = conf or {}
        s = timedelta(seconds=1)
        t += jitter(self.rng)
        self.heartbeat = 0
        self.line(t, "INFO", "Daemon", f"Azure Linux Agent Version: {self.version}")
        self.line(t + s / 50, "INFO", "Daemon", "OS: ubuntu 22.04")
        self.line(t + s / 40, "INFO", "Daemon", "Python: 3.10.12")
        self.line(t + s / 10, "INFO", "Daemon", "Run daemon")
        self.line(t + s / 5, "INFO", "Daemon", "Activate resource disk")
        self.line(
            t + s / 4, "INFO", "Daemon", "Resource disk [/dev/sdb1] is already mounted [/mnt]"
        )
        self.line(t + s / 3, "INFO", "Daemon", "Provisioning already completed, skipping.")
        self.line(
            t + s,
            "INFO",
            "Daemon",
            f"Determined Agent WALinuxAgent-{self.version} to be the latest agent",
        )
        t2 = t + 3 * s
        self.line(
            t2, "INFO", "ExtHandler", f"Azure Linux Agent (Goal State Agent version {self.version})"
        )
        self.line(t2 + s / 10, "INFO", "ExtHandler", "OS: ubuntu 22.04")
        self.line(t2 + s / 8, "INFO", "ExtHandler", "Python: 3.10.12")
        for key, value in conf.items():
            if value == "False":
                self.line(
                    t2 + s / 6,
                    "INFO",
                    "ExtHandler",
                    f"******** {key} is set to False, not processing the operation ********",
                )
        self.line(t2 + s / 2, "INFO", "ExtHandler", "Wire server endpoint:168.63.129.16")
        self.line(
            t2 + s,
            "INFO",
            "ExtHandler",
            f"Agent WALinuxAgent-{self.version} is running as the goal state agent",
        )
        self.firewall(t2 + 2 * s)

    def firewall(self, t: datetime) -> None:
        r = self.rng
        dump = FIREWALL_DUMP.format(
            a=r.randint(9, 90),
            b=r.randint(900, 9000),
            c=r.randint(900, 9000),
            d=r.randint(90000, 900000),
        )
        self.line(t, "INFO", "EnvHandler", "Current Firewall rules:\n" + dump, prefix="ExtHandler")

    def beat(self, t: datetime) -> None:
        self.heartbeat += 1
        self.line(
            t,
            "INFO",
            "ExtHandler",
            f"[HEARTBEAT] Agent WALinuxAgent-{self.version} is running as the goal state agent"
            f" [DEBUG HeartbeatCounter: {self.heartbeat};HeartbeatId: {guid(self.rng)};"
            "DroppedPackets: 0;UpdateGSErrors: 0;AutoUpdate: 1;UpdateMode: SelfUpdate]",
        )

    def goal_state(self, t: datetime) -> None:
        self.incarnation += 1
        n = self.incarnation
        self.line(
            t,
            "INFO",
            "ExtHandler",
            f"Fetched a new incarnation for the WireServer goal state [incarnation {n}]",
        )
        self.line(
            t + timedelta(milliseconds=80),
            "INFO",
            "ExtHandler",
            f"ProcessExtensionsGoalState started [incarnation_{n} {_iso(t)}]",
        )

    def snapshot_ok(self, t: datetime) -> None:
        """The nightly backup: a new goal state and a successful VMSnapshotLinux enable."""
        self.goal_state(t)
        n = self.incarnation
        ms = timedelta(milliseconds=1)
        self.line(
            t + 200 * ms,
            "INFO",
            "ExtHandler",
            f"Target handler state: enabled [incarnation_{n}]",
            SNAP_EXT,
        )
        self.line(
            t + 210 * ms,
            "INFO",
            "ExtHandler",
            "[Enable] current handler state is: enabled",
            SNAP_EXT,
        )
        self.line(
            t + 260 * ms,
            "INFO",
            "ExtHandler",
            f"Executing command: /var/lib/waagent/{SNAP}-{SNAP_VER}/main/handle.sh enable"
            f' with environment variables: {{"AZURE_GUEST_AGENT_EXTENSION_VERSION": "{SNAP_VER}",'
            f' "ConfigSequenceNumber": "{n}"}}',
            SNAP_EXT,
        )
        took = timedelta(seconds=self.rng.randint(14, 70))
        self.line(
            t + took,
            "INFO",
            "ExtHandler",
            "Command: main/handle.sh enable\n[stdout]\n"
            f"{t + took:%Y-%m-%d %H:%M:%S} enable invoked, seq {n}\n\n[stderr]\n",
            SNAP_EXT,
        )
        self.line(
            t + took + 40 * ms,
            "INFO",
            "ExtHandler",
            f"ProcessExtensionsGoalState completed [incarnation_{n} {took.seconds}312 ms]",
        )
        self.line(
            t + took + 60 * ms, "INFO", "ExtHandler", f"Extension status: [('{SNAP}', 'success')]"
        )

    def monitor_agent(self, t: datetime) -> None:
        self.goal_state(t)
        n = self.incarnation
        ms = timedelta(milliseconds=1)
        self.line(
            t + 150 * ms,
            "INFO",
            "ExtHandler",
            f"Target handler state: enabled [incarnation_{n}]",
            AMA,
        )
        self.line(
            t + 900 * ms,
            "INFO",
            "ExtHandler",
            "Command: ./shim.sh -enable\n[stdout]\n"
            "AMA extension enable: config unchanged, mdsd already running\n\n[stderr]\n",
            AMA,
        )
        self.line(
            t + 950 * ms,
            "INFO",
            "ExtHandler",
            f"ProcessExtensionsGoalState completed [incarnation_{n} 950 ms]",
        )

    def day(self, d: int, backup: bool = True) -> None:
        """A healthy day: heartbeats, a log collection, a monitoring update, the backup."""
        r = self.rng
        offset = r.randint(0, 29)
        for half_hour in range(48):
            self.beat(
                day(d)
                + timedelta(
                    minutes=half_hour * 30 + offset,
                    seconds=r.randint(0, 59),
                    microseconds=r.randint(0, 999999),
                )
            )
        t = day(d, 3, r.randint(0, 59), r.randint(0, 59)) + jitter(r)
        self.line(
            t, "INFO", "CollectLogsHandler", "Starting log collection...", prefix="ExtHandler"
        )
        self.line(
            t + timedelta(seconds=r.randint(20, 90)),
            "INFO",
            "CollectLogsHandler",
            "Log collection successfully completed. Archive can be found at "
            "/var/lib/waagent/logcollector/logs.zip and detailed log output can be found "
            "at /var/log/waagent.log",
            prefix="ExtHandler",
        )
        self.firewall(day(d, r.randint(6, 18), r.randint(0, 59), r.randint(0, 59)) + jitter(r))
        self.monitor_agent(day(d, r.randint(8, 16), r.randint(0, 59), r.randint(0, 59)) + jitter(r))
        if backup:
            self.snapshot_ok(backup_time(r, d))


def backup_time(r: random.Random, d: int) -> datetime:
    """When the night's backup goal state reaches the VM (22:00-23:20 UTC)."""
    return day(d, 22) + timedelta(
        minutes=r.randint(0, 80), seconds=r.randint(0, 59), microseconds=r.randint(0, 999999)
    )


# --- the scenario VMs -----------------------------------------------------------------------


def lnx_web_01() -> dict[str, str]:
    """Extensions.Enabled=n from 11-17 21:41: every backup goal state is refused."""
    r = rng_for("lnx-web-01")
    log = Log()
    agent = LinuxAgent(log, waagent_29, "2.9.1.1", r)
    for d in range(10, 23):
        agent.day(d, backup=d < 17)
    agent.start(day(17, 21, 41, 7), conf={"Extensions.Enabled": "False"})
    for d in range(17, 23):
        t = backup_time(r, d)
        agent.goal_state(t)
        agent.line(
            t + timedelta(milliseconds=120),
            "ERROR",
            "ExtHandler",
            f"Event: name={SNAP}, op=ExtensionProcessing, message=Extension '{SNAP}' will not "
            "be processed since extension processing is disabled. To enable extension "
            "processing, set Extensions.Enabled=y in '/etc/waagent.conf', duration=0",
        )
        agent.line(
            t + timedelta(milliseconds=160),
            "INFO",
            "ExtHandler",
            f"ProcessExtensionsGoalState completed [incarnation_{agent.incarnation} 80 ms]",
        )
    return {"lnx-web-01/waagent.log": log.render()}


def lnx_db_02() -> dict[str, str]:
    """Agent 2.2.10 stuck in an update loop from 11-09 23:40; the extension stops running."""
    r = rng_for("lnx-db-02")
    log = Log()
    write = waagent_slash(UTCZ)

    def line(t: datetime, level: str, msg: str, prefix: str = "") -> None:
        log.add(t, write(t, level, "", prefix, msg))

    def ext_start(t: datetime) -> None:
        line(
            t,
            "INFO",
            "Agent WALinuxAgent-2.2.10 launched with command 'python -u "
            "/usr/sbin/waagent -run-exthandlers' is successfully running",
        )
        line(
            t + timedelta(seconds=1),
            "INFO",
            "Agent WALinuxAgent-2.2.10 is running as the goal state agent",
        )
        line(t + timedelta(seconds=2), "INFO", "Wire server endpoint:168.63.129.16")

    boot = day(6, 0, 0, 4) + jitter(r)
    line(boot, "INFO", "Azure Linux Agent Version:2.2.10")
    line(boot + timedelta(milliseconds=31), "INFO", "OS: centos 7.2.1511")
    line(boot + timedelta(milliseconds=33), "INFO", "Python: 2.7.5")
    line(boot + timedelta(milliseconds=410), "INFO", "Run daemon")
    ext_start(boot + timedelta(seconds=5))
    for d in range(6, 10):
        _db02_healthy_night(line, r, d)
    for d in range(9, 23):
        first = day(d, 23, 40) if d == 9 else day(d, 21, r.randint(0, 25))
        cycles = 1 if d == 9 else r.randint(2, 3)
        t = first + jitter(r)
        for _ in range(cycles):
            _db02_update_cycle(line, ext_start, r, t, fatal=d > 9)
            t += timedelta(minutes=r.randint(18, 35))
        if d < 22:  # the loop also turns once during the next day
            when = day(d + 1, 9, r.randint(0, 59)) + jitter(r)
            _db02_update_cycle(line, ext_start, r, when, True)
    return {
        "lnx-db-02/waagent.log": log.render(),
        f"lnx-db-02/{SNAP}/extension.log": _db02_extension_log(r),
    }


def _db02_healthy_night(line: Callable[..., None], r: random.Random, d: int) -> None:
    t = backup_time(r, d)
    line(t, "INFO", "Target handler state: enabled", SNAP_EXT)
    line(
        t + timedelta(milliseconds=30),
        "INFO",
        "[Enable] current handler state is: enabled",
        SNAP_EXT,
    )
    line(
        t + timedelta(milliseconds=90), "INFO", "Enable extension [main/handle.sh enable]", SNAP_EXT
    )
    took = timedelta(seconds=r.randint(15, 60))
    line(
        t + took, "INFO", f"Event: name={SNAP}, op=Enable, message=, duration={took.seconds * 1000}"
    )


def _db02_update_cycle(
    line: Callable[..., None],
    ext_start: Callable[[datetime], None],
    r: random.Random,
    t: datetime,
    fatal: bool,
) -> None:
    s = timedelta(seconds=1)
    line(
        t,
        "INFO",
        "Agent WALinuxAgent-2.2.10 discovered WALinuxAgent-2.2.53 as an update and will exit",
    )
    line(
        t + 2 * s,
        "INFO",
        "Agent WALinuxAgent-2.2.53 launched with command 'python -u "
        "bin/WALinuxAgent-2.2.53-py2.7.egg -run-exthandlers'",
    )
    line(
        t + 9 * s,
        "WARNING",
        "Agent WALinuxAgent-2.2.53 launched with command 'python -u "
        "bin/WALinuxAgent-2.2.53-py2.7.egg -run-exthandlers' failed with return code: 1",
    )
    line(
        t + 9 * s + s / 10,
        "WARNING",
        f"Agent WALinuxAgent-2.2.53 error state: Last Failure: {t.timestamp() + 9:.2f}, "
        f"Total Failures: {r.randint(2, 9)}, Fatal: {fatal}",
    )
    if fatal:
        line(t + 10 * s, "WARNING", "Agent WALinuxAgent-2.2.53 is permanently blacklisted")
    ext_start(t + 12 * s)


def _db02_extension_log(r: random.Random) -> str:
    """VMSnapshotLinux under Python 2 (local = UTC on this VM): runs until 11-09 only."""
    log = Log()
    for d in range(6, 10):
        t = backup_time(rng_for(f"lnx-db-02-ext-{d}"), d) + timedelta(seconds=1)
        steps = [
            ("Info", "T:S enable started"),
            ("Info", f"T:S commandToExecute: enable, seqNo: {30 + d}"),
            ("Info", "T:S freeze, timeout value 60"),
            ("Info", "T:S freeze done, snapshot started"),
            ("Info", "T:S snapshot done, thawing"),
            ("Info", "T:S thaw done"),
            ("Info", "T:S enable,success,1,Enable Succeeded,False"),
        ]
        for level, msg in steps:
            log.add(t, snap_py2(t, level, msg))
            t += timedelta(seconds=r.randint(1, 4), microseconds=r.randint(0, 999999))
    return log.render()


def lnx_app_03() -> dict[str, str]:
    """/var/log/messages: DHCP and wireserver failures on 11-19 .. 11-21."""
    r = rng_for("lnx-app-03")
    host = "lnx-app-03"
    log = Log()
    agent = LinuxAgent(log, syslog_wrapped(waagent_29, host, 1187), "2.9.1.1", r)
    for d in range(15, 23):
        agent.day(d, backup=d not in (19, 20, 21))
        _syslog_noise(log, r, host, d)
    for d in (19, 20, 21):
        _app03_network_outage(log, agent, r, host, d)
    return {"lnx-app-03/messages": log.render()}


def _syslog_noise(log: Log, r: random.Random, host: str, d: int) -> None:
    for hour in range(0, 24, 2):
        t = day(d, hour, r.randint(0, 59), r.randint(0, 59))
        log.add(
            t,
            syslog_other(
                t,
                host,
                f"dhclient[{r.randint(700, 799)}]",
                "DHCPREQUEST on eth0 to 168.63.129.16 port 67 (xid=0x5a1c03f2)",
            ),
        )
        log.add(
            t + timedelta(seconds=1),
            syslog_other(
                t,
                host,
                f"dhclient[{r.randint(700, 799)}]",
                "DHCPACK from 168.63.129.16 (xid=0x5a1c03f2)",
            ),
        )
    for hour in range(24):
        t = day(d, hour, 17, 1)
        log.add(
            t,
            syslog_other(
                t,
                host,
                f"CRON[{r.randint(20000, 29999)}]",
                "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)",
            ),
        )
    t = day(d, 6, 25, 3)
    log.add(
        t, syslog_other(t, host, "systemd[1]", "Starting Daily apt upgrade and clean activities...")
    )
    log.add(
        t,
        syslog_other(
            t, host, "kernel", "[1062741.220118] hv_balloon: Max. dynamic memory size: 16384 MB"
        ),
    )


def _app03_network_outage(log: Log, agent: LinuxAgent, r: random.Random, host: str, d: int) -> None:
    t = day(d, 21, r.randint(20, 50), r.randint(0, 59)) + jitter(r)
    log.add(
        t,
        syslog_other(
            t, host, "kernel", "[1123002.118201] hv_netvsc 000d3a1f-22c4 eth0: VF slot 1 removed"
        ),
    )
    for i in range(4):
        tick = t + timedelta(minutes=2 + i * 9, seconds=r.randint(0, 59)) + jitter(r)
        log.add(
            tick,
            syslog_other(
                tick,
                host,
                "dhclient[761]",
                "DHCPREQUEST on eth0 to 168.63.129.16 port 67 (xid=0x5a1c03f2)",
            ),
        )
        log.add(
            tick + timedelta(seconds=30),
            syslog_other(tick, host, "dhclient[761]", "No DHCPOFFERS received."),
        )
        agent.line(
            tick + timedelta(seconds=31),
            "WARNING",
            "ExtHandler",
            "Failed to send DHCP request: [DhcpError] timed out",
        )
    g = t + timedelta(minutes=6, seconds=r.randint(0, 59)) + jitter(r)
    agent.line(g, "WARNING", "ExtHandler", "WireServer is not responding. Reset dhcp endpoint")
    agent.line(
        g + timedelta(seconds=40),
        "WARNING",
        "ExtHandler",
        "[HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError "
        "[Errno 113] No route to host -- 6 attempts made",
    )
    agent.line(
        g + timedelta(seconds=41),
        "ERROR",
        "ExtHandler",
        "Error fetching the goal state: [ProtocolError] [Wireserver Exception] "
        "[HttpError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- "
        "IOError [Errno 113] No route to host -- 6 attempts made\n"
        "Traceback (most recent call last):\n"
        '  File "bin/WALinuxAgent-2.9.1.1-py3.8.egg/azurelinuxagent/ga/update.py", line 690,'
        " in _try_update_goal_state\n"
        "azurelinuxagent.common.exception.ProtocolError: [ProtocolError] No route to host",
    )
    back = day(d + 1, 1, r.randint(0, 59), r.randint(0, 59)) + jitter(r)
    agent.line(
        back,
        "INFO",
        "ExtHandler",
        "Fetching the goal state recovered from previous errors. Fetched "
        f"incarnation {agent.incarnation + 1}",
    )
    agent.goal_state(back + timedelta(seconds=2))


def win_sql_01() -> dict[str, str]:
    """The Windows agent stops on 11-16 21:31; restarts fail until a reinstall on 11-19."""
    r = rng_for("win-sql-01")
    log = Log()

    def at(t: datetime, tid: int, level: str, msg: str) -> None:
        log.add(t, win_bracket(t, tid, level, msg))

    down = (day(16, 21, 31, 28) + jitter(r), day(19, 9, 12, 4) + jitter(r))
    for d in range(12, 23):
        for quarter in range(96):
            t = day(d) + timedelta(
                minutes=quarter * 15, seconds=r.randint(0, 9), microseconds=r.randint(0, 999999)
            )
            if down[0] <= t < down[1]:
                continue
            at(t, 5, "INFO", "Reporting health: Ready. Aggregate status: Ready")
        t = backup_time(r, d)
        if not down[0] <= t < down[1]:
            at(t, 12, "INFO", "Goal state incarnation changed; processing plugins")
            at(
                t + timedelta(seconds=2),
                12,
                "INFO",
                f"{WIN_PLUGIN}: enable started",
            )
            at(
                t + timedelta(seconds=r.randint(30, 90)),
                12,
                "INFO",
                f"{WIN_PLUGIN}: enable completed with status success",
            )
    at(down[0], 7, "WARN", "WindowsAzureGuestAgent stopping.")
    at(down[0] + timedelta(seconds=1), 7, "INFO", "Stopping plugin host and health reporting")
    for t in (day(17, 21, 20, 11) + jitter(r), day(18, 21, 38, 40) + jitter(r)):
        at(t, 4, "INFO", "WindowsAzureGuestAgent starting. Version 2.7.41491.1102")
        at(
            t + timedelta(seconds=3),
            4,
            "ERROR",
            "RdCrypt Initialization failed. Error Code: -2147023143.",
        )
        at(
            t + timedelta(seconds=3, milliseconds=200),
            4,
            "ERROR",
            "Failed to get TransportCertificate.\n"
            "System.ComponentModel.Win32Exception (0x80004005): The RPC server is unavailable\n"
            "   at Microsoft.WindowsAzure.GuestAgent.Certificates.RdCrypt.Initialize()\n"
            "   at Microsoft.WindowsAzure.GuestAgent.AgentCore.Start()",
        )
        at(t + timedelta(seconds=5), 7, "WARN", "WindowsAzureGuestAgent stopping.")
    at(down[1], 4, "INFO", "WindowsAzureGuestAgent starting. Version 2.7.41491.1115")
    at(down[1] + timedelta(seconds=4), 4, "INFO", "Transport certificate loaded")
    return {"win-sql-01/WaAppAgent.log": log.render()}


def win_app_02() -> dict[str, str]:
    """AppLocker blocks IaaSBcdrExtension.exe on every backup from 11-18."""
    r = rng_for("win-app-02")
    log = Log()

    def at(t: datetime, tid: int, level: str, msg: str) -> None:
        log.add(t, win_iso(t, tid, level, msg))

    for d in range(14, 23):
        for quarter in range(96):
            t = day(d) + timedelta(minutes=quarter * 15, seconds=r.randint(0, 9))
            at(t, 5, "INFO", "Reporting health: Ready. Aggregate status: Ready")
        t = backup_time(r, d)
        at(t, 14, "INFO", "Goal state incarnation changed; processing plugins")
        at(
            t + timedelta(seconds=2),
            14,
            "INFO",
            f"{WIN_PLUGIN}: enable started",
        )
        if d < 18:
            at(
                t + timedelta(seconds=r.randint(30, 90)),
                14,
                "INFO",
                f"{WIN_PLUGIN}: enable completed with status success",
            )
            continue
        at(
            t + timedelta(seconds=3),
            14,
            "ERROR",
            f"Failed to start {WIN_SNAP_DIR}\\IaaSBcdrExtension.exe: "
            "System.ComponentModel.Win32Exception (0x80004005): This program is blocked by group "
            "policy. For more information, contact your system administrator\n"
            "   at System.Diagnostics.Process.StartWithCreateProcess(ProcessStartInfo startInfo)\n"
            "   at Microsoft.WindowsAzure.GuestAgent.Plugins.PluginLauncher.Launch(String command)",
        )
        at(
            t + timedelta(seconds=4),
            14,
            "WARN",
            f"{WIN_PLUGIN}: enable failed; will retry",
        )
    at(
        day(18, 9, 2, 51) + jitter(r),
        9,
        "INFO",
        "Group policy refresh detected; re-reading plugin settings",
    )
    return {"win-app-02/WaAppAgent.log": log.render()}


def lnx_files_04() -> dict[str, str]:
    """VMSnapshotLinux: /data fails to freeze on 11-12; on 11-13 a freeze never thaws."""
    r = rng_for("lnx-files-04")
    ext, shell, wa = Log(), Log(), Log()
    agent = LinuxAgent(wa, waagent_29, "2.10.0.8", r)
    for d in range(8, 17):
        t = backup_time(r, d)
        failed = d in (12, 13)
        if failed:
            agent.goal_state(t)
            agent.line(
                t + timedelta(seconds=80),
                "INFO",
                "ExtHandler",
                f"Extension status: [('{SNAP}', 'error')]",
            )
        else:
            agent.snapshot_ok(t)
        for i in range(48):
            agent.beat(day(d) + timedelta(minutes=i * 30 + 7, seconds=r.randint(0, 59)))
        _files04_shell(shell, t, failed)
        if d == 12:
            _files04_freeze_failed(ext, t)
        elif d == 13:
            _files04_never_thawed(ext, t, r)
        else:
            _files04_ok(ext, t, r)
    folder = f"lnx-files-04/{SNAP}"
    return {
        "lnx-files-04/waagent.log": wa.render(),
        f"{folder}/extension.log": ext.render(),
        f"{folder}/shell.log": shell.render(),
    }


def _files04_shell(shell: Log, t: datetime, failed: bool) -> None:
    shell.add(
        t, shell_line(t, "ConfigSequenceNumber from environment variable seqNo:" + str(t.day + 30))
    )
    shell.add(t, shell_line(t, "python3 path exists"))
    end = t + timedelta(seconds=75)
    shell.add(end, shell_line(end, f"{1 if failed else 0} returned from handle.py"))


def _ext(log: Log, t: datetime, *msgs: str) -> datetime:
    for msg in msgs:
        log.add(t, snap_py3(t, msg))
        t += timedelta(milliseconds=137)
    return t


FREEZE_START = "================== Logs during Freeze Start =============="
FREEZE_END = "================== Logs during Freeze End =============="


def _files04_ok(log: Log, t: datetime, r: random.Random) -> None:
    t = _ext(
        log,
        t + timedelta(seconds=1),
        "T:S enable started",
        "T:S freeze, timeout value 60",
        "T:S doing freeze now...",
    )
    t = _ext(
        log,
        t + timedelta(seconds=r.randint(3, 9)),
        FREEZE_START,
        "T:S freezing /",
        "T:S freezing /data",
        "T:S freeze done",
        "T:S snapshot started",
        "T:S snapshot done",
        "T:S thawing",
        FREEZE_END,
    )
    _ext(
        log,
        t,
        "T:S Enable Succeeded with App Consistent Snapshot",
        "enable,success,1,Enable Succeeded with App Consistent Snapshot,False",
    )


def _files04_freeze_failed(log: Log, t: datetime) -> None:
    t = _ext(
        log,
        t + timedelta(seconds=1),
        "T:S enable started",
        "T:S freeze, timeout value 60",
        "T:S doing freeze now...",
    )
    t = _ext(
        log,
        t + timedelta(seconds=4),
        FREEZE_START,
        "T:S freezing /",
        "T:S freezing /data",
        "Failed to FIFREEZE: /data",
        "T:S thawing",
        "T:S freeze failed for some mount",
        FREEZE_END,
    )
    _ext(
        log,
        t,
        "T:S Enable failed with error: freeze failed for some mount "
        "StatusCode.FailedRetryableFsFreezeFailed,",
        "enable,error,121,Enable failed in fsfreeze snapshot flow,True",
    )


def _files04_never_thawed(log: Log, t: datetime, r: random.Random) -> None:
    t = _ext(
        log,
        t + timedelta(seconds=1),
        "T:S enable started",
        "T:S freeze, timeout value 60",
        "T:S doing freeze now...",
    )
    _ext(log, t + timedelta(seconds=5), FREEZE_START, "T:S freezing /", "T:S freezing /data")
    retry = t + timedelta(minutes=r.randint(35, 50))
    _ext(
        log,
        retry,
        "T:S enable started",
        "T:S freeze, timeout value 60",
        "T:S ###### Enable failed with error: freeze took longer than timeout "
        "StatusCode.FailedRetryableFsFreezeTimeout,",
        "enable,error,122,freeze timed-out,True",
    )


def lnx_mon_07() -> dict[str, str]:
    """A healthy but chatty VM: monitoring extensions churn, stale goal states; no failures."""
    r = rng_for("lnx-mon-07")
    log = Log()
    agent = LinuxAgent(log, waagent_29, "2.10.0.8", r)
    agent.start(day(2, 0, 4, 12))
    agent.line(
        day(2, 0, 4, 20) + jitter(r),
        "WARNING",
        "ExtHandler",
        "Failed to send DHCP request: [DhcpError] timed out",
    )  # at boot, harmless
    for d in range(2, 23):
        agent.day(d)
        for _ in range(r.randint(2, 4)):
            agent.monitor_agent(
                day(d, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)) + jitter(r)
            )
        t = day(d, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)) + jitter(r)
        agent.line(
            t,
            "INFO",
            "ExtHandler",
            "[HTTP Retry] GET http://168.63.129.16/machine/?comp=config -- Status Code 410"
            " -- 1 attempts made",
        )
        agent.line(
            t + timedelta(seconds=1), "INFO", "ExtHandler", "Goal state is stale, re-fetching"
        )
    return {"lnx-mon-07/waagent.log": log.render()}


def lnx_orphan_09() -> dict[str, str]:
    """An old 2.0.18 agent in Europe/Stockholm time on a VM that no job history names."""
    r = rng_for("lnx-orphan-09")
    tz = ZoneInfo("Europe/Stockholm")
    write = waagent_20(tz)
    log = Log()

    def line(t: datetime, level: str, msg: str) -> None:
        log.add(t, write(t, level, "", "", msg))

    line(day(18, 6, 0, 2), "INFO", "Azure Linux Agent Version: WALinuxAgent-2.0.18")
    line(day(18, 6, 0, 2), "INFO", "Linux Distribution Detected      : debian")
    line(day(18, 6, 0, 3), "INFO", "Attempting to discover Windows Azure endpoint.")
    for d in range(18, 22):
        for hour in range(0, 24, 3):
            t = day(d, hour, r.randint(0, 59), r.randint(0, 59))
            line(t, "INFO", "Retrieved GoalState from Windows Azure Fabric.")
        t = day(d, 20, r.randint(0, 59), r.randint(0, 59))
        line(t, "ERROR", "HTTP Err: Status=503")
        line(t, "ERROR", "HTTP Err: Reason=Service Unavailable")
        line(t + timedelta(minutes=1), "WARNING", "Incarnation is out of date:Http resource gone.")
    line(
        day(20, 23, 10, 41),
        "ERROR",
        "Failed to write status file:\nTraceback (most recent call last):\n"
        "IOError: [Errno 28] No space left on device: '/var/lib/waagent/Status.xml'",
    )
    return {"lnx-orphan-09/waagent.log": log.render()}


SCENARIOS: tuple[Callable[[], dict[str, str]], ...] = (
    lnx_web_01,
    lnx_db_02,
    lnx_app_03,
    win_sql_01,
    win_app_02,
    lnx_files_04,
    lnx_mon_07,
    lnx_orphan_09,
)


def write_samples(out: Path) -> list[Path]:
    """Write every scenario's logs below ``out``; return the files written."""
    written = []
    for scenario in SCENARIOS:
        for rel, text in scenario().items():
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            # WaAppAgent.log is a Windows file: CRLF line ends.
            newline = "\r\n" if rel.endswith("WaAppAgent.log") else "\n"
            path.write_bytes(text.replace("\n", newline).encode("utf-8"))
            written.append(path)
    return written


# --- large benchmark log ---------------------------------------------------------------------

HOUR_MARK = "\x00"  # replaced by "YYYY-MM-DDTHH" when a block is written


def _verbose_hour(r: random.Random, with_trouble: bool) -> str:
    """One busy hour of a verbose agent 2.9 log, timestamps relative to the hour."""
    log = Log()
    agent = LinuxAgent(log, waagent_29, "2.9.1.1", r)
    base = datetime(2000, 1, 1, tzinfo=UTC)
    for minute in range(60):
        for _ in range(4):
            t = base + timedelta(
                minutes=minute, seconds=r.randint(0, 59), microseconds=r.randint(0, 999999)
            )
            agent.line(
                t,
                "VERBOSE",
                "ExtHandler",
                "HTTP connection [GET] [/machine/?comp=goalstate] [None] [{'x-ms-version': "
                "'2012-11-30', 'x-ms-agent-name': 'WALinuxAgent'}]",
            )
            agent.line(
                t + timedelta(milliseconds=9),
                "VERBOSE",
                "ExtHandler",
                "HTTP response status: [200]",
            )
            agent.line(
                t + timedelta(milliseconds=11),
                "VERBOSE",
                "ExtHandler",
                f"Get request: etag={r.randint(10**18, 10**19)} incarnation={agent.incarnation}",
            )
        if minute % 10 == 3:
            agent.monitor_agent(base + timedelta(minutes=minute, seconds=r.randint(0, 59)))
    agent.beat(base + timedelta(minutes=r.randint(0, 29)))
    agent.beat(base + timedelta(minutes=r.randint(30, 59)))
    agent.firewall(base + timedelta(minutes=r.randint(0, 59)))
    if with_trouble:
        t = base + timedelta(minutes=r.randint(0, 58))
        agent.line(t, "WARNING", "ExtHandler", "Failed to send DHCP request: [DhcpError] timed out")
        agent.line(
            t + timedelta(seconds=30),
            "WARNING",
            "ExtHandler",
            "[HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError timed out"
            " -- 6 attempts made",
        )
        agent.line(
            t + timedelta(seconds=31),
            "ERROR",
            "ExtHandler",
            "Error fetching the goal state: [ProtocolError] timed out\n"
            "Traceback (most recent call last):\n"
            '  File "azurelinuxagent/ga/update.py", line 690, in _try_update_goal_state\n'
            "azurelinuxagent.common.exception.ProtocolError: timed out",
        )
    return log.render().replace("2000-01-01T00", HOUR_MARK)


def write_large(out: Path, megabytes: int, seed: int) -> int:
    """Write about ``megabytes`` MB of agent log to ``out``; return the bytes written."""
    r = random.Random(seed)
    blocks = [_verbose_hour(r, with_trouble=i % 4 == 0).encode() for i in range(12)]
    target = megabytes * 1_000_000
    start = datetime(2026, 1, 1, tzinfo=UTC)
    written = 0
    with out.open("wb") as fh:
        hour = 0
        while written < target:
            stamp = (start + timedelta(hours=hour)).strftime("%Y-%m-%dT%H").encode()
            chunk = blocks[r.randrange(len(blocks))].replace(HOUR_MARK.encode(), stamp)
            fh.write(chunk)
            written += len(chunk)
            hour += 1
    return written


# --- grep patterns ---------------------------------------------------------------------------


def grep_patterns(kind: str = "waagent") -> list[str]:
    """The catalogue's signal patterns for one log kind, rewritten for ``grep -E``.

    grep has no inline flags or non-capturing groups: ``(?i)`` is dropped (grep then
    matches those few patterns case-sensitively) and ``(?:``/``(?P<name>`` become ``(``.
    """
    out = []
    for path in sorted((ROOT / "patterns").glob("*.toml")):
        for signal in tomllib.loads(path.read_text(encoding="utf-8")).get("signal", []):
            if kind in signal["log_kinds"]:
                pattern = signal["pattern"].removeprefix("(?i)")
                out.append(re.sub(r"\(\?(?::|P<\w+>)", "(", pattern))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    samples = sub.add_parser("samples", help="write the sample fleet's agent logs")
    samples.add_argument("--out", type=Path, default=ROOT / "sample_logs" / "agent-logs")
    large = sub.add_parser("large", help="write a big waagent.log")
    large.add_argument("out", type=Path)
    large.add_argument("--mb", type=int, default=2000)
    large.add_argument("--seed", type=int, default=7)
    grep = sub.add_parser("grep-patterns", help="write the waagent signals for grep -E -f")
    grep.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "samples":
        for path in write_samples(args.out):
            print(path, file=sys.stderr)
    elif args.command == "large":
        size = write_large(args.out, args.mb, args.seed)
        print(f"{args.out}: {size / 1e6:,.0f} MB", file=sys.stderr)
    else:
        args.out.write_text("\n".join(grep_patterns()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

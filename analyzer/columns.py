"""The column reference: what every column of every table, and every report figure, means.

One definition per column, shared by ``analyze``, ``failures``, ``evidence`` and
``report``: ``bjla columns [TABLE]`` prints it and README.md holds the same text
(``tests/test_columns.py`` checks both, and that every table's columns are listed here
in the order the table has them). The words say which operations and statuses each
count includes, so every figure can be checked by hand against the failures table.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from analyzer.errors import UsageError

WIDTH = 92
INDENT = "    "

PERIOD = (
    "Every table covers the jobs whose start time falls in the period: --since/--until"
    " (all jobs read without them), or the report's chosen period. A job is one job id:"
    " duplicate rows of it are merged first (see the summary line). Statuses: Completed,"
    " CompletedWithWarnings, Failed, InProgress, Cancelled, Cancelling. A finished job"
    " ended Completed, CompletedWithWarnings or Failed; a successful one Completed or"
    " CompletedWithWarnings. A Backup job is one whose operation is Backup, or that was"
    " exported without an operation (such exports list backups only). Times are UTC."
)


@dataclass(frozen=True)
class Table:
    """One output table: where it comes from, what a row is, and its columns in order."""

    name: str
    made_by: str
    row: str
    columns: tuple[tuple[str, str], ...]  # (column, definition)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]


_STREAK = (
    "Backup jobs that ended Failed since the VM's last successful Backup job in the"
    " period (or its first Backup job); cancelled and running jobs neither break nor"
    " extend it, other operations are not counted"
)

TABLES: tuple[Table, ...] = (
    Table(
        "by-vm",
        "bjla analyze --by vm",
        "one row per VM (name and resource group, compared case-insensitively) with at"
        " least one failed job in the period or not protected now (state failing, stale"
        " or silent); every VM with a job with --all-vms.",
        (
            ("vm", "The VM name as exported (the greatest spelling when rows differ)."),
            (
                "resource_group",
                "Its resource group; a row exported without one joins the VM's only known"
                " group. Empty when no row names one.",
            ),
            (
                "jobs",
                "The VM's jobs in the period: every operation (Backup, Restore,"
                " ConfigureBackup, DeleteBackupData, ...) and every status, running and"
                " cancelled included.",
            ),
            (
                "finished",
                "Of jobs, those that ended Completed, CompletedWithWarnings or Failed.",
            ),
            (
                "failed",
                "Of jobs, those that ended Failed, every operation: the VM's rows in the"
                " failures table.",
            ),
            ("failure_rate", "failed / finished (4 decimals); empty when finished is 0."),
            ("first_failure", "Start time of the VM's first failed job in the period."),
            ("last_failure", "Start time of the VM's last failed job in the period."),
            (
                "last_success",
                "Start time of the VM's last successful Backup job in the period; other"
                " operations (ConfigureBackup, DeleteBackupData, Restore) never count."
                " Empty when there is none.",
            ),
            ("last_job", "Start time of the VM's last job of any kind in the period."),
            (
                "hours_since_success",
                "Hours from its last successful Backup job to now, where now is the start"
                " time of the newest job in the inputs (not the clock: an export is read as"
                " of when it was made). Empty when there is none.",
            ),
            ("hours_since_job", "Hours from its last job of any kind to now."),
            (
                "state",
                "Protection now: silent (no job at all within --stale hours, default 36:"
                " jobs stopped arriving), stale (jobs arrive but no successful Backup job"
                " within --stale hours, or none ever), failing (the latest Backup job"
                " failed, a success is still within --stale hours) or protected.",
            ),
            (
                "current_streak",
                f"Failed Backup jobs in a row at the end of the period: {_STREAK}. 0 when"
                " the VM's last finished Backup job succeeded.",
            ),
            ("longest_streak", "The longest such run of failed Backup jobs in the period."),
            (
                "failing_days",
                "Calendar days (UTC) in the period with at least one failed job.",
            ),
            (
                "distinct_codes",
                "Distinct codes (see failures: code) among the VM's failed jobs,"
                " unclassified included.",
            ),
            (
                "top_code",
                "The most frequent code among the VM's failed jobs (ties: A-Z): the catalogue"
                " code, or for an unclassified failure the code it was exported with (the"
                " string, else the number); unclassified when it was exported without one.",
            ),
            (
                "top_code_known",
                "Whether the catalogue knows top_code (false: an exported code bjla cannot"
                " classify; see bjla explain).",
            ),
            (
                "top_cause",
                "The most frequent cause among the VM's failed jobs that have one (ties:"
                " A-Z); empty when none has a cause.",
            ),
            ("top_cause_title", "The catalogue's title of top_cause, in --lang."),
            (
                "top_cause_share",
                "The VM's failed jobs with top_cause / failed (3 decimals).",
            ),
            (
                "evidence_backed",
                "The VM's failed jobs whose cause its agent logs support"
                " (cause_confidence = evidence).",
            ),
            ("suggested_fix", "The catalogue's fix steps for top_cause, in --lang."),
            ("doc_url", "The documentation link of top_cause, else of top_code."),
        ),
    ),
    Table(
        "by-code",
        "bjla analyze --by code",
        "one row per code among the failed jobs of the period, most failures first.",
        (
            ("code", "The catalogue code the failed jobs were classified as, or unclassified."),
            ("category", "The code's category: user, transient, platform or unknown."),
            ("message", "The catalogue's message for the code, in --lang."),
            ("failures", "Failed jobs (every operation) in the period with this code."),
            ("vms", "Distinct VMs among them."),
            (
                "exported_codes",
                "Up to 5 of the error codes as the exports wrote them (A-Z) that led to this code.",
            ),
            ("first_failure", "Start time of the first of them."),
            ("last_failure", "Start time of the last of them."),
            ("top_cause", "The most frequent cause among them (ties: A-Z)."),
            ("top_cause_share", "Those with top_cause / failures (3 decimals)."),
            ("suggested_fix", "The catalogue's fix steps for top_cause, in --lang."),
            ("doc_url", "The code's documentation link."),
        ),
    ),
    Table(
        "by-cause",
        "bjla analyze --by cause",
        "one row per likely cause among the failed jobs of the period, most failures"
        " first. Unclassified failures have a row of their own (cause unclassified, its codes"
        " the exported ones), so the rows add up to failed, less failures of a code the"
        " catalogue lists no cause for.",
        (
            ("cause", "The likely cause (see failures: cause)."),
            ("title", "The catalogue's title of the cause, in --lang."),
            ("failures", "Failed jobs (every operation) in the period with this cause."),
            (
                "evidence_backed",
                "Those whose cause the VM's agent logs support (cause_confidence = evidence).",
            ),
            ("vms", "Distinct VMs among them."),
            ("codes", "Their codes, A-Z, comma-separated."),
            ("suggested_fix", "The catalogue's fix steps for the cause, in --lang."),
            ("doc_url", "The cause's documentation link."),
        ),
    ),
    Table(
        "by-day",
        "bjla analyze --by day",
        "one row per calendar day (UTC) with at least one job started in the period.",
        (
            ("day", "The calendar day the jobs started on (UTC)."),
            (
                "jobs",
                "Jobs started that day: every operation and status. The days add up to"
                " the summary's jobs.",
            ),
            ("finished", "Of jobs, those that ended Completed, CompletedWithWarnings or Failed."),
            ("failed", "Of jobs, those that ended Failed (every operation)."),
            ("failure_rate", "failed / finished (4 decimals); empty when finished is 0."),
            ("vms_failing", "Distinct VMs with a failed job that day."),
            (
                "top_code",
                "The most frequent code among the day's failed jobs (ties: A-Z), shown as in"
                " by-vm top_code.",
            ),
        ),
    ),
    Table(
        "failures",
        "bjla failures; the failures sheet of analyze -o FILE.xlsx",
        "one row per failed job (status Failed, every operation) in the period, by start"
        " time, VM and job id.",
        (
            ("vm", "The VM name as exported."),
            ("resource_group", "Its resource group (filled in as in by-vm)."),
            ("vault", "The Recovery Services vault, as exported."),
            ("operation", "Backup, Restore, ConfigureBackup, DeleteBackupData, ..."),
            ("start_time", "When the job started."),
            ("end_time", "When it ended."),
            ("duration_s", "Its duration in seconds, as exported."),
            ("job_id", "The job id."),
            ("error_code", "The error code as the export wrote it."),
            ("error_number", "The numeric errorCode (REST, PowerShell), when exported."),
            ("error_message", "The error message as exported."),
            (
                "code",
                "The catalogue code: by error_code (variant spellings too), else by"
                " error_number, else by the message (English or Swedish); else unclassified.",
            ),
            ("match", "How code was found: code, numeric, message or none."),
            ("category", "The code's category: user, transient, platform or unknown."),
            (
                "cause",
                "The likely cause: the code's candidate best supported by the VM's agent"
                " logs, else the first the documentation lists. Empty when the code lists"
                " none.",
            ),
            ("cause_title", "The catalogue's title of the cause, in --lang."),
            (
                "cause_confidence",
                "evidence (agent logs support the cause), doc-order (no evidence: the"
                " documentation's first candidate) or none (no cause).",
            ),
            (
                "evidence",
                "The supporting log lines as 'signal @ time (file:line); ...', or 'no evidence'.",
            ),
            ("fix", "The catalogue's fix steps for the cause, in --lang."),
            ("doc_url", "The cause's documentation link, else the code's."),
            ("source", "The input file the row came from."),
            ("source_row", "Its row (1-based data row, or JSON item) in that file."),
        ),
    ),
    Table(
        "rejects",
        "--rejects FILE; the rejects sheet of -o FILE.xlsx",
        "one row per input row that could not be read as a job (rows read = jobs +"
        " duplicates merged + rejected + outside the period).",
        (
            ("source", "The input file."),
            ("source_row", "The row (1-based data row, or JSON item) in it."),
            ("shape", "The export shape the file was read as."),
            ("reason", "Why the row was rejected."),
        ),
    ),
    Table(
        "evidence",
        "bjla evidence",
        "one row per agent-log line that matched a catalogue signal.",
        (
            ("vm", "The VM the log belongs to (from its path or --logs-map)."),
            ("time", "The line's time (UTC; local-time logs take --log-tz)."),
            ("signal", "The catalogue signal the line matched."),
            (
                "kind",
                "failure (a finding), info (agent version, outdated agent, update notices:"
                " adds weight to a cause, never a finding alone) or benign (a line the agent"
                " team's list of harmless errors ignores: no finding, supports no cause).",
            ),
            ("benign", "For kind benign, the catalogue's benign rule the line matched."),
            ("detail", "What the signal captured (agent version, exit code, ...)."),
            ("level", "The line's log level, as written."),
            (
                "log_kind",
                "waagent, vmsnapshot-extension, vmsnapshot-shell, windows-agent,"
                " windows-extension, or generic (a format bjla does not know, read line by"
                " line with every signal).",
            ),
            ("source", "The log file."),
            ("line_no", "The line's number in it."),
            ("matched_vm", "Whether the VM appears among the jobs given with --jobs."),
            ("line", "The log line."),
        ),
    ),
    Table(
        "log-files",
        "bjla evidence (second table)",
        "one row per agent-log file read.",
        (
            ("source", "The log file."),
            ("vm", "The VM it belongs to."),
            ("log_kind", "The kind of log, empty when bjla does not know it."),
            ("tz_assumed", "The zone taken for times the log writes without one."),
            ("lines", "Lines read."),
            ("events", "Evidence events found (rows of the evidence table)."),
        ),
    ),
    Table(
        "templates",
        "bjla templates",
        "one row per template: failure messages no catalogue code classifies, and agent-log"
        " errors and warnings no signal or benign rule matches, with their variable parts"
        " (times, ids, addresses, paths, quoted names, numbers) masked; most frequent first.",
        (
            ("origin", "job (a failed job's message or code) or log (an agent-log line)."),
            (
                "template",
                "The text with masked parts as <time>, <guid>, <ip>, <path>, <num>, ... and"
                " <*> where lines of the template differ.",
            ),
            ("count", "Messages or lines in the template."),
            ("vms", "Distinct VMs they came from."),
            ("first_seen", "Time of the first (the job's start time, or the line's)."),
            ("last_seen", "Time of the last."),
            ("example", "One message or line as it was written."),
            ("example_source", "The file the example came from."),
            ("log_kinds", "The log kinds of its lines, comma-separated (empty for jobs)."),
        ),
    ),
    Table(
        "history",
        "bjla history show",
        "one row per day a history store holds (by job start time, UTC; unknown: jobs"
        " without a start time).",
        (
            ("day", "The day."),
            ("records", "Job records kept for it: one per job id and VM."),
        ),
    ),
    Table(
        "report",
        "bjla report",
        "the figures of the weekly report. The chosen period is --week, --since/--until,"
        " or by default the last complete ISO week in the data; days are calendar days in"
        " --tz. Every figure uses the definitions above, applied to the chosen period"
        " (and, for the comparison, to the period of equal length just before it).",
        (
            ("VMs with jobs", "VMs with at least one job in the period."),
            ("Jobs", "The period's jobs, every operation and status (by-day jobs, summed)."),
            ("Finished jobs", "Of those, the finished ones (by-day finished, summed)."),
            ("Failed jobs", "Of those, the failed ones (by-day failed, summed)."),
            ("Failure rate", "Failed jobs / Finished jobs."),
            ("VMs with failures", "VMs with at least one failed job in the period."),
            (
                "Change",
                "This period less the one before; '-' when either holds no job. A period"
                " before without jobs shows '-' throughout ('no data').",
            ),
            (
                "Worst VMs",
                "Failed jobs, Failure rate, Failed in a row, Top error code and Likely"
                " cause are by-vm failed, failure_rate, current_streak, top_code and"
                " top_cause of bjla analyze --since START --until END for the chosen"
                " period (the same jobs, the same rules; a streak that began before the"
                " period is counted from its start). Most failed jobs first, then the"
                " longer current streak. Basis: the best cause_confidence among the VM's"
                " failed jobs with that cause.",
            ),
            (
                "How to fix",
                "Each likely cause of the top causes and of the worst VMs: its failed jobs"
                " this period, how many agent logs confirm, and the VMs it hit (most"
                " failures first, then the longest current streak). Causes rank by failed"
                " jobs, then by the longest current streak of a VM they hit; 12 at most.",
            ),
            (
                "Chronic failures",
                "VMs whose latest N (default 3) or more days with finished jobs all had a"
                " failed job and no successful one, reaching into the period.",
            ),
            (
                "Started failing",
                "VMs with failed jobs this period and none the period before; empty when"
                " the period before holds no job at all (no data to compare with).",
            ),
            (
                "Recovered",
                "VMs that failed the period before whose last Backup job this period"
                " succeeded (current_streak 0, last_success after any failure).",
            ),
            (
                "Top error codes",
                "Failed jobs per code this period and the one before (by-code failures"
                " for each); Share: of all failed jobs this period; VMs: by-code vms this"
                " period.",
            ),
            (
                "Top causes",
                "Failed jobs per cause this period and the one before (by-cause failures);"
                " Confirmed: by-cause evidence_backed; VMs: by-cause vms.",
            ),
            (
                "Day by day",
                "by-day for each day of the period, in --tz, next to the same weekday before.",
            ),
            (
                "Unprotected now",
                "by-vm state, hours_since_success, hours_since_job, last_success, last_job"
                " and current_streak over every job read before the period's end, as of"
                " the newest of them (--stale HOURS, default 36); the failing, stale and"
                " silent VMs, longest without a successful Backup job first.",
            ),
            (
                "Templates of the unknown",
                "The 10 most frequent templates (bjla templates) of the period's"
                " unclassified failure messages and, with agent logs, of their unexplained"
                " error and warning lines in the period.",
            ),
            (
                "Week by week",
                "Per ISO week in --tz, the last 12 up to the period's from the first week"
                " with a job read: jobs, failed jobs, failure rate (failed / finished) and"
                " VMs with a failed job. A week without jobs has no figures ('no data').",
            ),
        ),
    ),
)

BY_NAME = {table.name: table for table in TABLES}


def table_reference(table: Table) -> str:
    """One table's entry in the reference: heading, what a row is, each column."""
    lines = [f"{table.name} ({table.made_by})"]
    lines += textwrap.wrap(
        table.row[0].upper() + table.row[1:], WIDTH, initial_indent=INDENT, subsequent_indent=INDENT
    )
    for name, text in table.columns:
        lines.append(f"  {name}")
        lines += textwrap.wrap(
            text,
            WIDTH,
            initial_indent=INDENT * 2,
            subsequent_indent=INDENT * 2,
            break_on_hyphens=False,
        )
    return "\n".join(lines) + "\n"


def reference(name: str | None = None) -> str:
    """The reference of one table (by name), or of all of them after the common rules."""
    if name is None:
        rules = "\n".join(textwrap.wrap(PERIOD, WIDTH, break_on_hyphens=False))
        return rules + "\n\n" + "\n".join(table_reference(t) for t in TABLES)
    table = BY_NAME.get(name)
    if table is None:
        raise UsageError(f"no table '{name}'; use one of {', '.join(BY_NAME)}")
    return table_reference(table)


__all__ = ["BY_NAME", "TABLES", "Table", "reference"]

"""The words of every output in English and Swedish: one table, key -> (English, Swedish).

These are the words around the data (headings, column names, notes, labels). What a code
or cause means, and how to fix it, comes from the catalogue in the same language.
Keys are grouped by prefix: ``c_`` a report column, ``m_`` a headline figure, ``a_`` a
row of the accounting, ``b_``/``k_``/``cat_`` a value shown in a report cell, ``entry_``
a label of ``bjla explain`` / ``patterns show``; the rest are report headings and notes.
Placeholders ``{this}``/``{prev}`` (and capitalised ``{This}``/``{Prev}``) become
"this week"/"the week before" for an ISO-week report and "this period"/... otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.errors import UsageError
from analyzer.render.words_fleet import FLEET_TEXT

LANGS = ("en", "sv")

# key: (English, Swedish)
TEXT: dict[str, tuple[str, str]] = {
    # page
    "title": ("Backup failure report", "Rapport över misslyckade säkerhetskopieringar"),
    "week_title": ("Week {week}", "Vecka {week}"),
    "subtitle": (
        "{days}, compared with {prev_days} · times in {tz}",
        "{days}, jämfört med {prev_days} · tider i {tz}",
    ),
    "generated": (
        "Generated {now} by bjla from exported Azure Backup job histories.",
        "Skapad {now} av bjla från exporterade jobbhistoriker för Azure Backup.",
    ),
    "catalogue_note": (
        "Cause titles and fixes come from the bjla pattern catalogue;"
        " follow the documentation link before changing a production VM.",
        "Orsaker och åtgärder kommer från bjlas mönsterkatalog;"
        " läs dokumentationen innan du ändrar en VM i produktion.",
    ),
    "none": ("Nothing to show.", "Inget att visa."),
    "more": ("+{n} more", "+{n} till"),
    "truncated": (
        "Showing {shown} of {total} rows; the .xlsx report lists them all.",
        "Visar {shown} av {total} rader; .xlsx-rapporten listar alla.",
    ),
    "contents": ("Contents", "Innehåll"),
    # at a glance
    "glance": ("At a glance", "I korthet"),
    "glance_none": ("No failed backup jobs {this}.", "Inga misslyckade jobb {this}."),
    "glance_no_jobs": (
        "No jobs in {this}; the inputs cover {covered}. Choose another period"
        " with --week or --since/--until.",
        "Inga jobb {this}; indata täcker {covered}. Välj en annan period med"
        " --week eller --since/--until.",
    ),
    "no_jobs_subtitle": (
        "no jobs in {this}; the inputs cover {covered}",
        "inga jobb {this}; indata täcker {covered}",
    ),
    "glance_no_previous": (
        "No data for {prev}: nothing is compared with it, and no VM is listed as started failing.",
        "Inga data för {prev}: inget jämförs med den, och ingen VM listas"
        " som att den började fallera.",
    ),
    "glance_problems": ("Inputs not read ({n}): {names}", "Indata som inte lästes ({n}): {names}"),
    "glance_rejects": (
        "Rejected rows ({n}): {names}; see Data quality",
        "Avvisade rader ({n}): {names}; se Datakvalitet",
    ),
    "glance_chronic": (
        "Failing {days}+ days in a row ({n}): {names}",
        "Fallerar {days}+ dagar i rad ({n}): {names}",
    ),
    "glance_new": (
        "Started failing {this} ({n}): {names}",
        "Började fallera {this} ({n}): {names}",
    ),
    "glance_recovered": ("Recovered ({n}): {names}", "Återhämtade ({n}): {names}"),
    "glance_cause": (
        "Most common cause: {title} — {n} failed jobs, {evidence} of them confirmed by agent logs",
        "Vanligaste orsak: {title} — {n} misslyckade jobb, varav {evidence}"
        " bekräftade av agentloggar",
    ),
    "glance_unclassified": (
        "Unclassified failures: {n} (no catalogue pattern matched)",
        "Oklassificerade fel: {n} (inget mönster i katalogen matchade)",
    ),
    "glance_unclassified_codes": (
        "Unclassified failures: {n}; codes not in the catalogue: {codes}",
        "Oklassificerade fel: {n}; koder som saknas i katalogen: {codes}",
    ),
    "glance_quality": (
        "Data quality: rejected rows {rejects} · inputs not read {problems} ·"
        " agent logs matched to no VM {unmatched} · VMs without jobs {this}"
        " {silent}",
        "Datakvalitet: avvisade rader {rejects} · indata som inte lästes"
        " {problems} · agentloggar utan matchande VM {unmatched} · VM:ar utan"
        " jobb {this} {silent}",
    ),
    # sections and their notes
    "kpis": ("Key figures", "Nyckeltal"),
    "kpis_note": (
        "{This} compared with {prev}. Jobs of every operation (backup, restore, ...)"
        " count. Finished: completed, completed with warnings or failed. Failure"
        " rate = failed ÷ finished jobs (cancelled and running jobs are left out)."
        " “–”: no data. “bjla columns report” defines every figure.",
        "{This} jämfört med {prev}. Jobb av alla slag (säkerhetskopiering,"
        " återställning, ...) räknas. Avslutade: lyckade, lyckade med varningar eller"
        " misslyckade. Felfrekvens = misslyckade ÷ avslutade jobb (avbrutna och"
        " pågående jobb räknas inte). ”–”: inga data. ”bjla columns report”"
        " definierar varje tal.",
    ),
    # how each format shows a change for the worse (HTML colours it, Markdown has no colour)
    "tones_html": ("Red is worse, green better.", "Rött är sämre, grönt bättre."),
    "tones_md": ("Changes for the worse are in bold.", "Förändringar till det sämre är i fetstil."),
    # the HTML page's sort and filter controls (added by its script)
    "filter_label": ("Filter rows: VM, code, cause …", "Filtrera rader: VM, felkod, orsak …"),
    "filter_count": ("{shown} of {total} rows", "{shown} av {total} rader"),
    "sort_hint": ("Sort by this column", "Sortera efter den här kolumnen"),
    "charts": ("Failures day by day", "Fel dag för dag"),
    "charts_note": (
        "Bars: failed jobs per day, coloured by likely cause. Top codes: dark bar"
        " {this}, grey bar {prev}. Lines: share of finished jobs that failed, solid"
        " {this}, dashed {prev} (same weekday).",
        "Staplar: misslyckade jobb per dag, färgade efter trolig orsak. Felkoder:"
        " mörk stapel {this}, grå stapel {prev}. Linjer: andel avslutade jobb som"
        " misslyckades, heldragen {this}, streckad {prev} (samma veckodag).",
    ),
    "chart_causes": ("Failed jobs per day, by likely cause", "Misslyckade jobb per dag och orsak"),
    "chart_codes": ("Top error codes", "Vanligaste felkoderna"),
    "chart_rate": ("Daily failure rate", "Felfrekvens per dag"),
    "chart_empty": ("No failed jobs {this}.", "Inga misslyckade jobb {this}."),
    "worst": ("Worst VMs", "Mest drabbade VM:ar"),
    "worst_note": (
        "The VMs with the most failed jobs {this}. “Failed in a row” counts the"
        " latest backups {this} that all failed (0 = the last one succeeded)."
        " Basis “agent log”: the VM's agent logs support the cause. “doc order”:"
        " no log evidence, so the cause is the first one the documentation lists"
        " for the code; check it before acting.",
        "VM:ar med flest misslyckade jobb {this}. ”Fel i rad” räknar de senaste"
        " säkerhetskopieringarna {this} som alla misslyckades (0 = den senaste"
        " lyckades)."
        " Grund ”agentlogg”: VM:ens agentloggar stöder orsaken. ”dokumentordning”:"
        " inga loggbelägg, så orsaken är den första som dokumentationen anger för"
        " koden; kontrollera den innan du agerar.",
    ),
    "fixes": ("How to fix", "Så åtgärdar du felen"),
    "fixes_note": (
        "Each likely cause {this} (most failed jobs first, then the longest current"
        " streak of a VM it hit), the VMs it hit and the catalogue's fix steps."
        " Green: confirmed by agent logs on at least one VM. Grey: no log evidence,"
        " so check the cause first; the title links to the documentation.",
        "Varje trolig orsak {this} (flest misslyckade jobb först, sedan den längsta"
        " pågående felserien hos en VM den drabbade), de VM:ar den drabbade och"
        " katalogens åtgärdssteg."
        " Grönt: bekräftad av agentloggar på minst en VM. Grått: inga loggbelägg,"
        " så kontrollera orsaken först; rubriken länkar till dokumentationen.",
    ),
    "fixes_note_plain": (  # Markdown: no colours, the count of confirmed failures says it
        "Each likely cause {this} (most failed jobs first, then the longest current"
        " streak of a VM it hit), the VMs it hit and the catalogue's fix steps."
        " “Confirmed by agent logs: 0”: no log evidence, so check the cause first;"
        " the title links to the documentation.",
        "Varje trolig orsak {this} (flest misslyckade jobb först, sedan den längsta"
        " pågående felserien hos en VM den drabbade), de VM:ar den drabbade och"
        " katalogens åtgärdssteg. ”Bekräftade av agentloggar: 0”: inga loggbelägg,"
        " så kontrollera orsaken först; rubriken länkar till dokumentationen.",
    ),
    "fix_meta": (
        "Failed jobs: {failures} · confirmed by agent logs: {evidence} · VMs ({vm_count}): {vms}",
        "Misslyckade jobb: {failures} · bekräftade av agentloggar: {evidence} ·"
        " VM:ar ({vm_count}): {vms}",
    ),
    "chronic": ("Chronic failures", "Kroniska fel"),
    "chronic_note": (
        "VMs whose latest {days} or more days with backups all failed, up to the"
        " end of {this}. A day with a successful backup ends the run; days without"
        " jobs are skipped. “≥” means the run began before the first day analysed.",
        "VM:ar vars senaste {days} dagar eller fler med säkerhetskopiering alla"
        " misslyckades, fram till slutet av {this}. En dag med en lyckad"
        " säkerhetskopiering bryter serien; dagar utan jobb hoppas över. ”≥” betyder"
        " att serien började före den första analyserade dagen.",
    ),
    "new": ("Started failing", "Började fallera"),
    "new_note": (
        "Failed {this} and not once {prev}.",
        "Misslyckades {this} men inte en gång {prev}.",
    ),
    "new_note_no_previous": (
        "No data for {prev}, so no VM is known to have started failing {this}.",
        "Inga data för {prev}, så ingen VM är känd för att ha börjat fallera {this}.",
    ),
    "recovered": ("Recovered", "Återhämtade"),
    "recovered_note": (
        "Failed {prev}; the latest backup {this} succeeded.",
        "Misslyckades {prev}; den senaste säkerhetskopieringen {this} lyckades.",
    ),
    "codes": ("Top error codes", "Vanligaste felkoderna"),
    "codes_note": (
        "Change is against {prev}; “new” means none {prev}. Share is of all failed jobs {this}.",
        "Förändring mot {prev}; ”ny” betyder inga {prev}. Andel av alla misslyckade jobb {this}.",
    ),
    "causes": ("Top causes", "Vanligaste orsakerna"),
    "causes_note": (
        "The likely cause of each failed job. “Confirmed” counts failures whose VM's"
        " agent logs support the cause; the others are the documentation's first"
        " candidate for the error code.",
        "Den troliga orsaken till varje misslyckat jobb. ”Bekräftade” räknar fel där"
        " VM:ens agentloggar stöder orsaken; övriga är dokumentationens första"
        " kandidat för felkoden.",
    ),
    "unclassified": ("Unclassified failures", "Oklassificerade fel"),
    "unclassified_note": (
        "Failed jobs whose code and message match nothing in the catalogue,"
        " grouped by message with ids, numbers, times and quoted names masked."
        " A frequent one is worth a catalogue pattern.",
        "Misslyckade jobb vars kod och meddelande inte matchar något i"
        " katalogen, grupperade efter meddelande med id:n, tal, tider och"
        " citerade namn maskerade. Ett vanligt fel är värt ett mönster.",
    ),
    "quality": ("Data quality", "Datakvalitet"),
    "quality_note": (
        "Every row read is a job, a merged duplicate or a rejected row (or lies"
        " outside the two periods analysed).",
        "Varje läst rad är ett jobb, en sammanslagen dubblett eller en avvisad rad"
        " (eller ligger utanför de två analyserade perioderna).",
    ),
    "accounting": ("Where every row went", "Vart varje rad tog vägen"),
    "rejects": ("Rejected rows", "Avvisade rader"),
    "problems": ("Inputs not read", "Indata som inte lästes"),
    "unmatched": ("Agent logs matched to no VM", "Agentloggar utan matchande VM"),
    "silent": ("VMs without jobs {this}", "VM:ar utan jobb {this}"),
    "silent_note": (
        "These VMs had backup jobs {prev} but none {this}: protection stopped,"
        " VM deleted, or missing from the export?",
        "Dessa VM:ar hade jobb {prev} men inga {this}: stoppat skydd, borttagen VM"
        " eller saknas i exporten?",
    ),
    "daily": ("Day by day", "Dag för dag"),
    "daily_note": (
        "Each day next to the same weekday {prev}.",
        "Varje dag bredvid samma veckodag {prev}.",
    ),
    "about": ("About", "Om"),
    # headline metrics
    "m_vms": ("VMs with jobs", "VM:ar med jobb"),
    "m_jobs": ("Jobs", "Jobb"),
    "m_finished": ("Finished jobs", "Avslutade jobb"),
    "m_failures": ("Failed jobs", "Misslyckade jobb"),
    "m_failure_rate": ("Failure rate", "Felfrekvens"),
    "m_failing_vms": ("VMs with failures", "VM:ar med fel"),
    # accounting
    "a_rows_read": ("Rows read", "Lästa rader"),
    "a_jobs": ("Distinct jobs", "Unika jobb"),
    "a_duplicates": ("Duplicates merged", "Sammanslagna dubbletter"),
    "a_rejects": ("Rejected rows", "Avvisade rader"),
    "a_outside_window": ("Outside the periods analysed", "Utanför analyserade perioder"),
    "a_unclassified": ("Unclassified failures {this}", "Oklassificerade fel {this}"),
    # column labels
    "c_metric": ("Figure", "Nyckeltal"),
    "c_value": ("Value", "Värde"),
    "c_vm": ("VM", "VM"),
    "c_resource_group": ("Resource group", "Resursgrupp"),
    "c_failures": ("Failed jobs", "Misslyckade jobb"),
    "c_failures_this": ("Failed {this}", "Fel {this}"),
    "c_failures_prev": ("Failed {prev}", "Fel {prev}"),
    "c_failure_rate": ("Failure rate", "Felfrekvens"),
    "c_streak": ("Failed in a row", "Fel i rad"),
    "c_last_failure": ("Last failure", "Senaste fel"),
    "c_first_failure": ("First failure", "Första fel"),
    "c_last_success": ("Last success", "Senast lyckad"),
    "c_top_code": ("Top error code", "Vanligaste felkod"),
    "c_cause": ("Likely cause", "Trolig orsak"),
    "c_basis": ("Basis", "Grund"),
    "c_fix": ("Suggested fix", "Föreslagen åtgärd"),
    "c_docs": ("Docs", "Dokumentation"),
    "c_days": ("Days in a row", "Dagar i rad"),
    "c_since": ("Since", "Sedan"),
    "c_code": ("Error code", "Felkod"),
    "c_category": ("Category", "Kategori"),
    "c_message": ("Message", "Meddelande"),
    "c_current": ("{This}", "{This}"),
    "c_previous": ("{Prev}", "{Prev}"),
    "c_change": ("Change", "Förändring"),
    "c_share": ("Share", "Andel"),
    "c_vms": ("VMs", "VM:ar"),
    "c_vm_names": ("VMs (most failures first)", "VM:ar (flest fel först)"),
    "c_confirmed": ("Confirmed", "Bekräftade"),
    "c_pattern": ("Message (masked)", "Meddelande (maskerat)"),
    "c_error_code": ("Exported code", "Exporterad kod"),
    "c_some_vms": ("VMs (first 3)", "VM:ar (första 3)"),
    "c_first_seen": ("First seen", "Först sedd"),
    "c_last_seen": ("Last seen", "Senast sedd"),
    "c_source": ("Source", "Källa"),
    "c_reason": ("Reason", "Orsak"),
    "c_rows": ("Rows", "Rader"),
    "c_first_rows": ("First rows", "Första rader"),
    "c_problem": ("Problem", "Problem"),
    "c_log_vm": ("VM named in the log", "VM enligt loggen"),
    "c_files": ("Files", "Filer"),
    "c_events": ("Evidence events", "Händelser"),
    "c_signals": ("Signals", "Signaler"),
    "c_first_event": ("First event", "Första händelse"),
    "c_last_event": ("Last event", "Senaste händelse"),
    "c_previous_jobs": ("Jobs {prev}", "Jobb {prev}"),
    "c_last_day": ("Last day with jobs", "Senaste dag med jobb"),
    "c_day": ("Day", "Dag"),
    "c_jobs": ("Jobs", "Jobb"),
    "c_finished": ("Finished", "Avslutade"),
    "c_vms_failing": ("VMs failing", "VM:ar med fel"),
    "c_prev_day": ("Same day {prev}", "Samma dag {prev}"),
    "c_prev_failures": ("Failed, {prev}", "Fel, {prev}"),
    "c_prev_rate": ("Failure rate, {prev}", "Felfrekvens, {prev}"),
    "c_report": ("Report", "Rapport"),
    "c_period": ("Period", "Period"),
    "c_compared": ("Compared with", "Jämfört med"),
    "c_tz": ("Time zone", "Tidszon"),
    "c_generated": ("Generated", "Skapad"),
    "c_language": ("Language", "Språk"),
    # values
    "b_evidence": ("agent log", "agentlogg"),
    "b_doc-order": ("doc order", "dokumentordning"),
    "b_none": ("–", "–"),
    "k_unclassified": (
        "Unclassified (no catalogue match)",
        "Oklassificerat (ingen träff i katalogen)",
    ),
    "code_unclassified": ("unclassified", "oklassificerad"),
    "k_no-cause": ("No cause listed for the code", "Ingen orsak angiven för koden"),
    "k_other": ("Other causes", "Övriga orsaker"),
    "cat_user": ("user", "användare"),
    "cat_transient": ("transient", "tillfälligt"),
    "cat_platform": ("platform", "plattform"),
    "cat_unknown": ("unknown", "okänd"),
    "trend_new": ("new", "ny"),
    "unclassified_fix": (
        "See Unclassified failures; add a catalogue pattern.",
        "Se Oklassificerade fel; lägg till ett mönster i katalogen.",
    ),
    "pp": ("pp", "p.e."),
    # bjla explain and patterns show: the labels around a catalogue entry
    "entry_category": ("Category", "Kategori"),
    "entry_operation": ("Operation", "Åtgärd"),
    "entry_message": ("Message", "Meddelande"),
    "entry_aliases": ("Also spelled", "Även stavat"),
    "entry_numeric": ("Numeric code", "Numerisk kod"),
    "entry_docs": ("Docs", "Dokumentation"),
    "entry_causes": (
        "Possible causes, in the order the documentation gives them",
        "Möjliga orsaker, i den ordning dokumentationen anger dem",
    ),
    "entry_fix": ("Fix", "Lösning"),
    "entry_os": ("OS", "OS"),
    "entry_user": ("user action", "åtgärd av användaren"),
    "entry_transient": ("transient (retry)", "tillfälligt (försök igen)"),
    "entry_platform": ("platform (contact support)", "plattform (kontakta supporten)"),
    "entry_patterns": ("Message patterns", "Meddelandemönster"),
    "entry_samples": ("Samples", "Exempel"),
    "entry_origin": ("Defined in", "Definierad i"),
    "entry_listed_by": ("Cause of", "Orsak till"),
    "entry_supported_by": ("Supported by log signals", "Stöds av loggsignaler"),
    "entry_log_kinds": ("Log kinds", "Loggtyper"),
    "entry_pattern": ("Pattern", "Mönster"),
    "entry_supports": ("Supports", "Stöder"),
    "entry_none": ("(none)", "(inga)"),
    "entry_kind": ("Kind", "Typ"),
    "entry_source": ("Source", "Källa"),
    "entry_closed_by": ("Reported only when not followed by", "Rapporteras bara om inte följd av"),
    "entry_failure": ("failure (a finding)", "fel (ett fynd)"),
    "entry_info": ("informational (never a finding alone)", "information (aldrig ett fynd ensam)"),
    "entry_benign_intro": (
        "A known, harmless agent-log line: a failure signal's match on it is not a finding.",
        "En känd, ofarlig rad i agentloggen: en felsignals träff på den är inget fynd.",
    ),
    "entry_record": ("Record starts with", "Posten börjar med"),
    "entry_levels": ("Levels", "Nivåer"),
    "entry_max_repeats": (
        "Harmless up to this many lines per file",
        "Ofarlig upp till så här många rader per fil",
    ),
    "entry_variants": (
        "Given instead of these when the VM's OS is not known",
        "Ges i stället för dessa när den virtuella datorns OS är okänt",
    ),
    "entry_neutral": (
        "When the VM's OS is not known, given as",
        "När den virtuella datorns OS är okänt ges i stället",
    ),
}

# The fleet view's words (unprotected now, week by week, templates): their own block.
TEXT.update(FLEET_TEXT)

# The words for the chosen period and the one before it.
PERIOD_WORDS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    # unit: lang: (this, This, prev, Prev)
    "week": {
        "en": ("this week", "This week", "the week before", "Week before"),
        "sv": ("denna vecka", "Denna vecka", "veckan före", "Veckan före"),
    },
    "period": {
        "en": ("this period", "This period", "the period before", "Period before"),
        "sv": ("denna period", "Denna period", "perioden före", "Perioden före"),
    },
}

WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "sv": ("mån", "tis", "ons", "tor", "fre", "lör", "sön"),
}
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


@dataclass(frozen=True)
class Labels:
    """The words in one language, worded for a week or a free period."""

    lang: str
    unit: str = "week"  # week | period

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise UsageError(f"no report labels for language '{self.lang}'; use en or sv")

    def __call__(self, key: str, **values: object) -> str:
        """The label ``key`` with its placeholders filled."""
        this, this_cap, prev, prev_cap = PERIOD_WORDS[self.unit][self.lang]
        text = TEXT[key][LANGS.index(self.lang)]
        return text.format(this=this, This=this_cap, prev=prev, Prev=prev_cap, **values)


# --- Table headers and sheet names (analyze, failures, evidence, templates, history) ---
# The column ids are the headers of machine formats (CSV, JSON, NDJSON, Parquet: stable,
# for scripts) and of English output. A person reading Swedish output (the terminal
# table, an XLSX workbook, --excel CSV/TSV) gets these headers instead.
COLUMN_SV: dict[str, str] = {
    "vm": "VM",
    "resource_group": "resursgrupp",
    "jobs": "jobb",
    "finished": "avslutade",
    "failed": "misslyckade",
    "failure_rate": "felfrekvens",
    "first_failure": "första fel",
    "last_failure": "senaste fel",
    "last_success": "senast lyckad",
    "last_job": "senaste jobb",
    "hours_since_success": "timmar sedan lyckad",
    "hours_since_job": "timmar sedan jobb",
    "state": "skyddsläge",
    "current_streak": "fel i rad",
    "longest_streak": "längsta felserie",
    "failing_days": "dagar med fel",
    "distinct_codes": "olika koder",
    "top_code": "vanligaste kod",
    "top_code_known": "känd kod",
    "top_cause": "vanligaste orsak",
    "top_cause_title": "orsakens rubrik",
    "top_cause_share": "orsakens andel",
    "evidence_backed": "styrkta av loggar",
    "suggested_fix": "föreslagen åtgärd",
    "doc_url": "dokumentation",
    "code": "kod",
    "category": "kategori",
    "message": "meddelande",
    "failures": "misslyckade jobb",
    "vms": "VM:ar",
    "exported_codes": "exporterade koder",
    "cause": "orsak",
    "title": "rubrik",
    "codes": "koder",
    "day": "dag",
    "vms_failing": "VM:ar med fel",
    "vault": "valv",
    "operation": "åtgärd",
    "start_time": "starttid",
    "end_time": "sluttid",
    "duration_s": "längd (s)",
    "job_id": "jobb-id",
    "error_code": "felkod",
    "error_number": "felnummer",
    "error_message": "felmeddelande",
    "match": "klassad efter",
    "cause_title": "orsakens rubrik",
    "cause_confidence": "orsakens grund",
    "evidence": "belägg",
    "fix": "lösning",
    "source": "källa",
    "source_row": "rad i källan",
    "shape": "format",
    "reason": "skäl",
    "time": "tid",
    "signal": "signal",
    "kind": "typ",
    "benign": "ofarlig enligt",
    "detail": "detalj",
    "level": "nivå",
    "log_kind": "loggtyp",
    "line_no": "radnummer",
    "matched_vm": "VM med jobb",
    "line": "rad",
    "tz_assumed": "antagen tidszon",
    "lines": "rader",
    "events": "händelser",
    "origin": "ursprung",
    "template": "mall",
    "count": "antal",
    "first_seen": "först sedd",
    "last_seen": "senast sedd",
    "example": "exempel",
    "example_source": "exemplets källa",
    "log_kinds": "loggtyper",
    "records": "poster",
    # bjla patterns list
    "id": "id",
    "text": "text",
    "causes": "orsaker",
    "scope": "omfång",
    "aliases": "andra stavningar",
}

# Sheet names (and terminal titles) of the tables, at most 31 characters (Excel's limit).
TABLE_SV: dict[str, str] = {
    "by-vm": "per VM",
    "by-code": "per felkod",
    "by-cause": "per orsak",
    "by-day": "per dag",
    "failures": "misslyckade jobb",
    "rejects": "avvisade rader",
    "evidence": "belägg",
    "log-files": "loggfiler",
    "templates": "mallar",
    "history": "historik",
    "patterns": "mönster",
}

# The report's sheet names where a section title does not make one: Excel forbids
# ``:`` (as in "VM:ar") and allows 31 characters. key: (English, Swedish).
REPORT_SHEET: dict[str, tuple[str, str]] = {
    "worst": ("Worst VMs", "VM-datorer med flest fel"),
    "unmatched": ("Agent logs matched to no VM", "Agentloggar utan matchande VM"),
    "silent": ("VMs without jobs {this}", "VM-datorer som tystnat"),
}


def column_header(column: str, lang: str) -> str:
    """A table column's header as a person reads it in ``lang`` (English: the id)."""
    return COLUMN_SV.get(column, column) if lang == "sv" else column


def table_title(table: str, lang: str) -> str:
    """A table's name as a sheet name or terminal title in ``lang`` (English: the id)."""
    return TABLE_SV.get(table, table) if lang == "sv" else table


# --- Messages on stderr and reject reasons, in Swedish ------------------------------------
# The core words its reject reasons and warnings in English (they are data too: the
# rejects table and --rejects carry them). A Swedish run shows each in Swedish: the first
# pattern that matches the whole English text gives its Swedish wording (``re`` template;
# file names and values are kept as they are). A reason of several problems is joined
# with "; " and translated part by part. Unmatched text stays English.
MESSAGES_SV: tuple[tuple[str, str], ...] = (
    # reject reasons
    (r"missing VM name", "VM-namn saknas"),
    (r"missing status", "status saknas"),
    (r"missing start time", "starttid saknas"),
    (r"unknown status '(.*)'", r"okänd status '\1'"),
    (r"unparseable start time '(.*)'", r"starttiden '\1' går inte att tolka"),
    (r"unparseable end time '(.*)'", r"sluttiden '\1' går inte att tolka"),
    (r"unparseable duration '(.*)'", r"längden '\1' går inte att tolka"),
    (
        r"start time '(.*)' is outside the years (\d+)-(\d+)",
        r"starttiden '\1' ligger utanför åren \2–\3",
    ),
    (
        r"end time '(.*)' is outside the years (\d+)-(\d+)",
        r"sluttiden '\1' ligger utanför åren \2–\3",
    ),
    (r"not a backup job \(type '(.*)'\)", r"inget säkerhetskopieringsjobb (typ '\1')"),
    (r"not a job record \(OperationName '(.*)'\)", r"ingen jobbpost (OperationName '\1')"),
    (r"the properties column is not valid JSON", "kolumnen properties är inte giltig JSON"),
    (
        r"row has at least (\d+) fields, header has (\d+)",
        r"raden har minst \1 fält, rubrikraden har \2",
    ),
    (r"row has (\d+) fields, header has (\d+)", r"raden har \1 fält, rubrikraden har \2"),
    (
        r"row has (\d+) values, the table has (\d+) columns",
        r"raden har \1 värden, tabellen har \2 kolumner",
    ),
    (r"row is not a list of values", "raden är ingen lista med värden"),
    (r"item is not a JSON object", "posten är inget JSON-objekt"),
    (r"line is not valid JSON", "raden är inte giltig JSON"),
    (
        r"JSON nested deeper than bjla reads \(about 1,000 levels\)",
        "JSON som är nästlad djupare än bjla läser (omkring 1 000 nivåer)",
    ),
    (r"a JSON number has more than 4,300 digits", "ett JSON-tal har fler än 4 300 siffror"),
    (r"not valid JSON \((.*)\)", r"inte giltig JSON (\1)"),
    (
        r"not valid JSON from line ([\d,]+) column ([\d,]+) \((.*)\)",
        r"inte giltig JSON från rad \1 kolumn \2 (\3)",
    ),
    (
        r"line ([\d,]+) has a quote that opens a field which does not close",
        r"rad \1 har ett citattecken som öppnar ett fält som aldrig stängs",
    ),
    (r"read on from line ([\d,]+)", r"läser vidare från rad \1"),
    (
        r"a JSON item runs over more than ([\d,]+) MB of text",
        r"en JSON-post är längre än \1 MB text",
    ),
    (r"the rest of the file is lost", "resten av filen går förlorad"),
    (r"the rest is lost", "resten går förlorad"),
    # warnings (each names its file first)
    (
        r"(.+?): (?:line|lines) (.+?) (?:is|are) not valid UTF-8; read as cp1252, the other"
        r" lines as they are \(pass --encoding to choose another\)",
        r"\1: rad \2 är inte giltig UTF-8; läst som cp1252, övriga rader som de är"
        r" (välj en annan kodning med --encoding)",
    ),
    (
        r"(.+?): (?:line|lines) (.+?) (?:is|are) not valid (\S+); bytes that do not decode"
        r" read as \ufffd, the other lines as they are \(pass --encoding to choose another\)",
        "\\1: rad \\2 är inte giltig \\3; byte som inte går att avkoda lästa som \ufffd,"
        " övriga rader som de är (välj en annan kodning med --encoding)",
    ),
    (
        r"(.+?): gzip data is truncated \((.*)\); read the complete lines before the cut,"
        r" the rest of the file is lost \(re-copy the file to read it all\)",
        r"\1: gzip-data är avkapad (\2); de hela raderna före avbrottet lästes, resten av"
        r" filen går förlorad (kopiera filen igen för att läsa allt)",
    ),
    (
        r"(.+?): the file ends in the middle of a row \(row ([\d,]+)\)",
        r"\1: filen slutar mitt i en rad (rad \2)",
    ),
    (
        r"(.+?): polars could not parse the file \((.*)\), most often because of a stray"
        r" quote; it was read again with the exact CSV reader, which is slower: a line whose"
        r" quote never closes is rejected alone \(named with its line\) and the lines after"
        r" it are read",
        r"\1: polars kunde inte tolka filen (\2), oftast på grund av ett felplacerat"
        r" citattecken; den lästes om med den exakta CSV-läsaren, som är långsammare: en rad"
        r" vars citattecken aldrig stängs avvisas ensam (med sitt radnummer) och raderna"
        r" efter den läses",
    ),
    (
        r"(.+?): log format not recognised \(no waagent, VMSnapshotLinux or Windows agent"
        r" line at its start\); read line by line with the generic rules \(log_kind generic\)",
        r"\1: loggformatet känns inte igen (ingen rad från waagent, VMSnapshotLinux eller"
        r" Windows-agenten i början); läst rad för rad med de allmänna reglerna (log_kind"
        r" generic)",
    ),
    (
        r"(.+?): binary data, not a text log; skipped",
        r"\1: binärdata, ingen textlogg; hoppades över",
    ),
    (
        r"(.+?): a (ZIP/XLSX|Parquet) file, not an agent log; skipped",
        r"\1: en \2-fil, ingen agentlogg; hoppades över",
    ),
    (
        r"(.+?): bytes that are not UTF-8 were replaced by U\+FFFD",
        r"\1: byte som inte är UTF-8 ersattes med U+FFFD",
    ),
    (
        r"(.+?): ([\d,]+) evidence line\(s\) have no readable timestamp \(before the first"
        r" dated line\?\); they cannot support a cause",
        r"\1: \2 rad(er) med belägg saknar läsbar tidsstämpel (före den första daterade"
        r" raden?); de kan inte stödja någon orsak",
    ),
    (
        r"(.+?): ([\d,]+) per-job sheets could not be matched to the ([\d,]+) summary rows"
        r" \(no job ids\); their details are not used",
        r"\1: \2 blad per jobb kunde inte paras ihop med de \3 raderna i sammanfattningen"
        r" (inga jobb-id); deras detaljer används inte",
    ),
    (
        r"no jobs in the chosen period \(--since/--until\): the inputs cover (.+) to (.+)"
        r" UTC; the tables are empty for that reason, not for want of failures",
        r"inga jobb i den valda perioden (--since/--until): indata täcker \1 till \2 UTC;"
        r" tabellerna är tomma av det skälet, inte för att inget har misslyckats",
    ),
    (
        r"(.+?): (no VM name|unknown OS '.*'), line skipped \(write the VM name and windows"
        r" or linux\)",
        r"\1: \2, raden hoppades över (skriv VM-namnet och windows eller linux)",
    ),
    (
        r"(.+?): (.+) is listed as both (\w+) and (\w+); both lines are ignored \(keep one"
        r" line per VM\)",
        r"\1: \2 anges som både \3 och \4; båda raderna ignoreras (ha en rad per VM)",
    ),
    (r"(.+?): skipped \((.*)\)", r"\1: hoppades över (\2)"),
    (
        r"(.+?): sheet '(.*)' holds no job table \(first row: (.*)\); skipped",
        r"\1: bladet '\2' har ingen jobbtabell (första raden: \3); hoppades över",
    ),
    (
        r"(.+?): sheet '(.*)' cannot be read \((.*)\); skipped",
        r"\1: bladet '\2' kan inte läsas (\3); hoppades över",
    ),
    # errors: an input that could not be read
    (r"(.+?): no such file or folder", r"\1: filen eller mappen finns inte"),
    (r"(.+?): folder holds no files", r"\1: mappen innehåller inga filer"),
    (r"(.+?): no file matches this pattern", r"\1: ingen fil matchar mönstret"),
    (r"(.+?): cannot read: (.*)", r"\1: kan inte läsas: \2"),
    (
        r"(.+?): not a job history bjla knows; columns/keys seen: (.*) \(known shapes: (.*)\)",
        r"\1: ingen jobbhistorik som bjla känner till; kolumner/nycklar: \2 (kända format: \3)",
    ),
    (
        r"(.+?): not a readable Parquet file \((.*)\) \(re-copy or re-export it\)",
        r"\1: ingen läsbar Parquet-fil (\2) (kopiera eller exportera den igen)",
    ),
    (
        r"(.+?): a bjla (\S+) table, not job rows \(of bjla's own tables only failures is an"
        r" input\) \(read the job histories it came from, or save `bjla failures -f parquet`"
        r" and read that\)",
        r"\1: en \2-tabell från bjla, inga jobbrader (av bjlas egna tabeller kan bara"
        r" failures läsas in) (läs jobbhistoriken den kom från, eller spara `bjla failures"
        r" -f parquet` och läs den)",
    ),
    (r"(.+?): cannot parse as (\S+): (.*)", r"\1: kan inte tolkas som \2: \3"),
    (
        r"(.+?): the file is empty \(export the job list again\)",
        r"\1: filen är tom (exportera jobblistan igen)",
    ),
    (
        r"(.+?): the file has no header row \(export the job list again\)",
        r"\1: filen saknar rubrikrad (exportera jobblistan igen)",
    ),
    (
        r"(.+?): damaged gzip file \((.*)\) \(re-export or re-copy it\)",
        r"\1: skadad gzip-fil (\2) (exportera eller kopiera den igen)",
    ),
    (
        r"(.+?): the name ends in \.gz but the file is not gzip data \(decompress it with the"
        r" right tool or rename it\)",
        r"\1: namnet slutar på .gz men filen är inte gzip-data (packa upp den med rätt"
        r" verktyg eller byt namn på den)",
    ),
    (
        r"(.+?): the file is not well-formed CSV/JSON \((.*)\) \(re-export it, or fix the"
        r" quoting\)",
        r"\1: filen är inte välformad CSV/JSON (\2) (exportera den igen eller rätta"
        r" citattecknen)",
    ),
    (r"(.+?): not a readable Excel workbook \((.*)\)", r"\1: ingen läsbar Excel-arbetsbok (\2)"),
    (
        r"(.+?): decompresses to more than ([\d,]+) MB, more than bjla unpacks \(pass (\S+) to"
        r" raise the cap if the file is a real export\)",
        r"\1: packas upp till mer än \2 MB, mer än bjla packar upp (höj gränsen med \3 om"
        r" filen är en riktig export)",
    ),
)
# Pieces inside a translated message: "1, 2 and 5 more" line lists.
MESSAGE_PIECES_SV: tuple[tuple[str, str], ...] = (
    (r" and ([\d,]+) more\b", r" och \1 till"),
    (r"\(the stream ends early\)", "(strömmen tar slut för tidigt)"),
)


def report_sheet(key: str, labels: Labels) -> str | None:
    """The report's sheet name for table ``key`` where its title does not make one."""
    words = REPORT_SHEET.get(key)
    if words is None:
        return None
    this, this_cap, prev, prev_cap = PERIOD_WORDS[labels.unit][labels.lang]
    text = words[LANGS.index(labels.lang)]
    return text.format(this=this, This=this_cap, prev=prev, Prev=prev_cap)

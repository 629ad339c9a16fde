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
from analyzer.render.words_sv import REPORT_SHEET

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
    "quality_note_other": (
        "Every row read is a job, a merged duplicate or a rejected row (or lies"
        " outside the two periods analysed), or a diagnostic-archive record of another"
        " category than backup jobs, skipped.",
        "Varje läst rad är ett jobb, en sammanslagen dubblett eller en avvisad rad"
        " (eller ligger utanför de två analyserade perioderna), eller en post i"
        " diagnostikarkivet av en annan kategori än säkerhetskopieringsjobb, överhoppad.",
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
    "a_other_categories": (
        "Archive records of other categories, skipped",
        "Arkivposter av andra kategorier, överhoppade",
    ),
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


def report_sheet(key: str, labels: Labels) -> str | None:
    """The report's sheet name for table ``key`` where its title does not make one."""
    words = REPORT_SHEET.get(key)
    if words is None:
        return None
    this, this_cap, prev, prev_cap = PERIOD_WORDS[labels.unit][labels.lang]
    text = words[LANGS.index(labels.lang)]
    return text.format(this=this, This=this_cap, prev=prev, Prev=prev_cap)

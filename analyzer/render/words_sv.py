"""The Swedish words of bjla's own tables and messages: headers, sheet names, stderr lines.

``words`` holds the words of the report and its labels in both languages; this module the
Swedish for what the tables and the core say in English ids or English text: column headers
and table titles (terminal, XLSX, ``--excel``), the report's sheet names, and the reject
reasons, warnings and errors as ``re`` patterns (``render.messages`` applies them).
"""

from __future__ import annotations

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
    (
        r"not a job record \(category (\S+); jobs are (\S+)\)",
        r"ingen jobbpost (kategori \1; jobb är \2)",
    ),
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
        r"(.+?): the header row \(line (\d+)\) has a line break inside a quoted column name"
        r" \(remove the line break from the header, or export the job list again\)",
        r"\1: rubrikraden (rad \2) har en radbrytning i ett citerat kolumnnamn"
        r" (ta bort radbrytningen ur rubriken, eller exportera jobblistan igen)",
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


# --- The progress line on a terminal (``cli_progress``), in Swedish ------------------------
# Each step's words, matched whole like the messages above; a file's name is kept as it is.
PROGRESS_SV: tuple[tuple[str, str], ...] = (
    (r"reading (.+) \((\d+)/(\d+)\): ([\d,]+) rows", r"läser \1 (\2/\3): \4 rader"),
    (r"reading (\d+) agent log file\(s\)", r"läser \1 agentloggfil(er)"),
    (r"reading the history in (.+)", r"läser historiken i \1"),
    (
        r"reading (\d+) input\(s\) in (\d+) task\(s\) on (\d+) worker\(s\)",
        r"läser \1 indatafil(er) i \2 uppgift(er) på \3 arbetare",
    ),
    (r"reading (.+) \((\d+)/(\d+)\)", r"läser \1 (\2/\3)"),
    (r"fetching (.+) \((\d+)/(\d+)\)", r"hämtar \1 (\2/\3)"),
    (r"analyzing part (\d+)/(\d+)", r"analyserar del \1/\2"),
    (r"analyzing (\d+) VM bucket\(s\)", r"analyserar \1 VM-hink(ar)"),
    (r"building the report", "bygger rapporten"),
    (r"writing the workbook: compressing it", "skriver arbetsboken: komprimerar den"),
    (
        r"writing the workbook: sheet (.+), row ([\d,]+)/([\d,]+)",
        r"skriver arbetsboken: blad \1, rad \2/\3",
    ),
    (r"writing (.+)", r"skriver \1"),
)

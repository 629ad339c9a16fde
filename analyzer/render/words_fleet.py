"""The report's words for the fleet view (issue 15), key -> (English, Swedish): who is
unprotected now, the week-by-week trend and the templates of the unknown.

Kept apart from ``analyzer.render.words`` (which merges them into its one ``TEXT``
table) so that these sections' words can be read and changed on their own. The keys
follow ``words``' prefixes and placeholders.
"""

from __future__ import annotations

FLEET_TEXT: dict[str, tuple[str, str]] = {
    # unprotected now
    "unprotected": ("Unprotected now", "Oskyddade nu"),
    "unprotected_note": (
        "VMs without a recent recovery point as of {as_of} (the newest job read up to the"
        " end of {this}): failing (the latest backup failed), stale (no successful"
        " backup within {stale} hours) or silent (no job at all within {stale} hours:"
        " jobs stopped arriving). Longest without a successful backup first; “never”:"
        " none among the jobs read. --stale HOURS sets the limit.",
        "VM:ar utan en färsk återställningspunkt per {as_of} (det senaste lästa jobbet"
        " fram till slutet av {this}): fallerar (den senaste säkerhetskopieringen"
        " misslyckades), inaktuell (ingen lyckad säkerhetskopiering inom {stale}"
        " timmar) eller tyst (inga jobb alls inom {stale} timmar: jobben har slutat"
        " komma). Längst utan lyckad säkerhetskopiering först; ”aldrig”: ingen bland"
        " de lästa jobben. --stale TIMMAR anger gränsen.",
    ),
    "glance_unprotected": ("Unprotected now ({n}): {names}", "Oskyddade nu ({n}): {names}"),
    "c_state": ("State", "Läge"),
    "c_since_success": ("Since last success", "Sedan senast lyckad"),
    "c_since_job": ("Since last job", "Sedan senaste jobb"),
    "c_last_job": ("Last job", "Senaste jobb"),
    "c_hours_unit": ("hours", "timmar"),
    "state_failing": ("failing", "fallerar"),
    "state_stale": ("stale", "inaktuell"),
    "state_silent": ("silent", "tyst"),
    "state_protected": ("protected", "skyddad"),
    "hours": ("{n} h", "{n} tim"),
    "days": ("{n} days", "{n} dygn"),
    "never": ("never", "aldrig"),
    # week by week
    "trend": ("Week by week", "Vecka för vecka"),
    "trend_note": (
        "The last {weeks} ISO weeks up to {this} that the data covers; a history store"
        " (bjla history add) given as an input holds the weeks before. “no data”: no"
        " job that week, which is not the same as no failures. “partial”: the data"
        " begins or ends inside the week.",
        "De senaste {weeks} ISO-veckorna fram till {this} som data täcker; en historik"
        " (bjla history add) som anges som indata har veckorna före. ”inga data”: inga"
        " jobb den veckan, vilket inte är detsamma som inga fel. ”delvis”: data börjar"
        " eller slutar inne i veckan.",
    ),
    "c_week": ("Week", "Vecka"),
    "trend_no_data": ("no data", "inga data"),
    "trend_partial": ("partial", "delvis"),
    "chart_trend": ("Failed jobs per week", "Misslyckade jobb per vecka"),
    # templates of the unknown
    "templates": ("Templates of the unknown", "Mallar för det okända"),
    "templates_note": (
        "The most frequent shapes of what the catalogue does not explain {this}:"
        " unclassified failure messages and, when agent logs are read, their error and"
        " warning lines that no signal matches. Ids, times, paths, numbers and quoted"
        " names are masked, as bjla templates does; bjla templates --as-patterns DIR"
        " drafts catalogue entries from them.",
        "De vanligaste formerna av det som katalogen inte förklarar {this}:"
        " oklassificerade felmeddelanden och, när agentloggar läses, deras fel- och"
        " varningsrader som ingen signal matchar. Id:n, tider, sökvägar, tal och"
        " citerade namn är maskerade, som bjla templates gör; bjla templates"
        " --as-patterns KATALOG gör utkast till katalogposter av dem.",
    ),
    "c_template": ("Template", "Mall"),
    "c_origin": ("From", "Från"),
    "c_count": ("Count", "Antal"),
    "c_example": ("Example", "Exempel"),
    "o_job": ("failure message", "felmeddelande"),
    "o_log": ("agent log", "agentlogg"),
}

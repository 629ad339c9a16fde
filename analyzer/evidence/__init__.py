"""Agent-log evidence: parse guest-agent and backup-extension logs into evidence events.

``read_evidence`` streams each log (see ``scan``), detects its kind by content (see
``formats``), matches the catalogue's signals (see ``signals``) and returns one row per
matching line and signal in EVIDENCE_SCHEMA, plus a per-file summary.
"""

from __future__ import annotations

from analyzer.evidence.read import EvidenceResult, read_evidence
from analyzer.evidence.vms import load_vm_map, vm_for_path

__all__ = ["EvidenceResult", "load_vm_map", "read_evidence", "vm_for_path"]

"""Expressions that take Azure identifiers apart (ARM ids, backup item unique ids).

Log Analytics names a backup item ``...;iaasvmcontainerv2;<vm resource group>;<vm>``;
REST job ids are ``/subscriptions/<sub>/resourceGroups/<vault rg>/providers/
Microsoft.RecoveryServices/vaults/<vault>/backupJobs/<job id>``. Note the two resource
groups differ: the job id carries the *vault's*, the item id the *VM's*.
"""

from __future__ import annotations

import polars as pl

_VAULT_ID = (
    r"(?i)/subscriptions/(?P<subscription>[^/]+)/resourcegroups/(?P<rg>[^/]+)"
    r"/providers/microsoft\.recoveryservices/vaults/(?P<vault>[^/]+)"
)


def last_segment(expr: pl.Expr, sep: str = ";") -> pl.Expr:
    """The text after the last ``sep`` (the whole text when there is none)."""
    return expr.str.split(sep).list.last()


def item_resource_group(item_id: pl.Expr) -> pl.Expr:
    """The VM's resource group: second-to-last ``;`` segment of an item id with 3+ segments."""
    parts = item_id.str.split(";")
    return pl.when(parts.list.len() >= 3).then(parts.list.get(-2, null_on_oob=True))


def item_from_path(path: pl.Expr) -> pl.Expr:
    """The backup item name at the end of an ARM path (``.../protectedItems/VM;...;rg;vm``)."""
    return last_segment(path.str.strip_chars_end("/"), "/")


def vault_part(arm_id: pl.Expr, part: str) -> pl.Expr:
    """``subscription``, ``rg`` (the vault's) or ``vault`` from a vault-scoped ARM id."""
    return arm_id.str.extract_groups(_VAULT_ID).struct.field(part)

"""Merge what GitHub says into what the file holds, losing nothing the author wrote.

Pure functions (no I/O), so every rule is easy to test: synced fields are refreshed,
authored fields are never touched, entries the sync no longer finds are kept and
marked ``vanished``, and entries the sync does not manage (issues, reviews, releases
written by hand) are left exactly as they are.
"""

from dataclasses import dataclass, field

from .schema import SYNCED, Contribution


@dataclass
class Changes:
    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # (entry, {field: (old, new)})
    vanished: list = field(default_factory=list)
    unchanged: int = 0

    def summary(self):
        return (
            f"{len(self.added)} new, {len(self.updated)} updated, "
            f"{len(self.vanished)} no longer found upstream, {self.unchanged} unchanged"
        )


def merge(existing, found, managed_kinds=("pull_request",)):
    """(merged entries, Changes). ``found``: fresh Contributions from upstream."""
    changes = Changes()
    fresh = {entry.key: entry for entry in found}
    merged = []
    for entry in existing:
        update = fresh.pop(entry.key, None)
        if update is not None:
            new = _refresh(entry, update)
            differences = _differences(entry, new)
            if differences:
                changes.updated.append((new, differences))
            else:
                changes.unchanged += 1
            merged.append(new)
        elif entry.kind in managed_kinds and not entry.vanished:
            merged.append(entry.model_copy(update={"vanished": True}))
            changes.vanished.append(entry)
        else:
            merged.append(entry)
            changes.unchanged += 1
    for entry in fresh.values():
        merged.append(entry)
        changes.added.append(entry)
    return merged, changes


def _refresh(entry, update):
    values = {name: getattr(update, name) for name in SYNCED}
    values["vanished"] = False
    # Upstream may not know a value it once reported (a deleted repository's stars).
    for name in ("repo_description", "repo_stars", "repo_language", "additions", "deletions"):
        if values[name] is None:
            values[name] = getattr(entry, name)
    return entry.model_copy(update=values)


def _differences(old, new):
    return {
        name: (getattr(old, name), getattr(new, name))
        for name in SYNCED
        if getattr(old, name) != getattr(new, name)
    }


__all__ = ["Changes", "Contribution", "merge"]

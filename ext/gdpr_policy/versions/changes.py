"""What changed between two versions of the policy, as facts, from their policy.json.

Each change has a kind, the key of what changed, its value before and after, and whether
it is *material*: a new purpose, a new recipient or transfer, a changed legal basis, a
longer retention period, a right removed (WP260 rev.01 paras. 29-33: readers are told of
those before they take effect). Everything else is *editorial*.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import periods

Export = dict[str, Any]


class Change(NamedTuple):
    kind: str
    key: str
    before: Any
    after: Any
    material: bool
    summary: str  # one line, for people

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "before": self.before,
                "after": self.after, "material": self.material, "summary": self.summary}


def by_key(items: list[dict[str, Any]] | None, field: str = "key") -> dict[str, dict[str, Any]]:
    return {item[field]: item for item in items or []}


def basis_of(activity: dict[str, Any]) -> str | None:
    basis = activity.get("legal-basis")
    return basis["key"] if basis else None


def outside_eea(recipient: dict[str, Any]) -> bool:
    return recipient.get("eea") is False


def compare(before: Export, after: Export) -> list[Change]:
    """Every change of a declared fact from ``before`` to ``after``, in a stable order."""
    changes: list[Change] = []
    add = changes.append
    old_acts, new_acts = by_key(before.get("activities")), by_key(after.get("activities"))
    for key in sorted(new_acts.keys() - old_acts.keys()):
        act = new_acts[key]
        add(Change("activity-added", key, None, act["name"], True,
                   f"new purpose: {act['name']} ({'; '.join(act.get('purposes') or [])})"))
    for key in sorted(old_acts.keys() - new_acts.keys()):
        add(Change("activity-removed", key, old_acts[key]["name"], None, False,
                   f"purpose no longer described: {old_acts[key]['name']}"))
    for key in sorted(old_acts.keys() & new_acts.keys()):
        old, new = old_acts[key], new_acts[key]
        for purpose in sorted(set(new.get("purposes") or []) - set(old.get("purposes") or [])):
            add(Change("purpose-added", key, None, purpose, True,
                       f"{new['name']}: new purpose '{purpose}'"))
        if basis_of(old) != basis_of(new):
            add(Change("basis-changed", key, basis_of(old), basis_of(new), True,
                       f"{new['name']}: legal basis {basis_of(old) or 'not stated'} -> "
                       f"{basis_of(new) or 'not stated'}"))
        for category in sorted(set(new.get("data-categories") or [])
                               - set(old.get("data-categories") or [])):
            add(Change("category-added", key, None, category, False,
                       f"{new['name']}: also processes {category}"))
        for recipient in sorted(set(new.get("recipients") or [])
                                - set(old.get("recipients") or [])):
            add(Change("recipient-added", key, None, recipient, True,
                       f"{new['name']}: data now go to {recipient}"))
        for country in sorted(set(new.get("transfers") or []) - set(old.get("transfers") or [])):
            add(Change("transfer-added", key, None, country, True,
                       f"{new['name']}: new transfer to {country}"))
    changes += recipients(before, after)
    changes += retention(before, after)
    changes += rights(before, after)
    changes += contacts(before, after)
    return changes


def recipients(before: Export, after: Export) -> list[Change]:
    out: list[Change] = []
    old, new = by_key(before.get("recipients")), by_key(after.get("recipients"))
    for key in sorted(new.keys() - old.keys()):
        out.append(Change("recipient-added", key, None, new[key]["name"], True,
                          f"new recipient: {new[key]['name']}"))
        if outside_eea(new[key]):
            out.append(Change("transfer-added", key, None, new[key].get("country"), True,
                              f"new transfer outside the EEA: {new[key]['name']} "
                              f"({new[key].get('country')})"))
    for key in sorted(old.keys() - new.keys()):
        out.append(Change("recipient-removed", key, old[key]["name"], None, False,
                          f"recipient no longer named: {old[key]['name']}"))
    for key in sorted(old.keys() & new.keys()):
        if outside_eea(new[key]) and not outside_eea(old[key]):
            out.append(Change("transfer-added", key, old[key].get("country"),
                              new[key].get("country"), True,
                              f"{new[key]['name']} is now outside the EEA "
                              f"({new[key].get('country')})"))
    return out


def retention(before: Export, after: Export) -> list[Change]:
    out: list[Change] = []
    old = by_key(before.get("retention"), "category")
    new = by_key(after.get("retention"), "category")
    for key in sorted(new.keys() - old.keys()):
        out.append(Change("retention-added", key, None, new[key]["period"], False,
                          f"{key}: kept {new[key]['phrase']}"))
    for key in sorted(old.keys() - new.keys()):
        out.append(Change("retention-removed", key, old[key]["period"], None, True,
                          f"{key}: no retention period stated any more"))
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key]["period"], new[key]["period"]
        if a == b:
            continue
        first, second = periods.parse(a), periods.parse(b)
        order = periods.compare(second, first) if first and second else None
        if order == 0:
            continue  # the same period in other words
        kind, material = {1: ("retention-longer", True), -1: ("retention-shorter", False)}.get(
            order, ("retention-changed", True))  # not comparable: the legal team judges
        out.append(Change(kind, key, a, b, material, f"{key}: kept {b} (was {a})"))
    return out


def rights(before: Export, after: Export) -> list[Change]:
    old, new = by_key(before.get("rights")), by_key(after.get("rights"))
    out = [Change("right-added", key, None, new[key]["name"], False,
                  f"right added: {new[key]['name']}") for key in sorted(new.keys() - old.keys())]
    out += [Change("right-removed", key, old[key]["name"], None, True,
                   f"right no longer stated: {old[key]['name']}")
            for key in sorted(old.keys() - new.keys())]
    return out


def contacts(before: Export, after: Export) -> list[Change]:
    old, new = before.get("controller") or {}, after.get("controller") or {}
    out = []
    for field in ("name", "address", "email", "phone", "web"):
        if old.get(field) != new.get(field):
            out.append(Change("controller-contact-changed", field, old.get(field),
                              new.get(field), False, f"controller's {field} changed"))
    if old.get("dpo-contact") != new.get("dpo-contact"):
        out.append(Change("dpo-contact-changed", "dpo-contact", old.get("dpo-contact"),
                          new.get("dpo-contact"), False, "DPO's contact changed"))
    return out

"""Section 10, follow-up: the forum and its meetings, the steering group, the project
leader to contact and the facts about the document."""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.report.lookup import Lookup
from forankring_docs.report.tables import Fact

__all__ = ["PersonRow", "build_about", "build_contact", "build_follow_up", "build_steering_group"]


@dataclass(frozen=True, slots=True)
class PersonRow:
    name: str
    organisation: str | None
    role: str | None


def build_follow_up(lookup: Lookup) -> tuple[Fact, ...]:
    phase4, L = lookup.case.phase4, lookup.labels
    if phase4 is None or phase4.follow_up is None:
        return ()
    follow = phase4.follow_up
    facts = [
        Fact(L.text("follow_up", "forum"), L.word("forum", follow.forum)),
        Fact(L.text("follow_up", "frequency"), follow.frequency),
    ]
    if follow.next_meeting:
        facts.append(Fact(L.text("follow_up", "next_meeting"), L.date(follow.next_meeting)))
    return tuple(facts)


def build_steering_group(lookup: Lookup) -> tuple[PersonRow, ...]:
    L = lookup.labels
    return tuple(
        PersonRow(m.name, m.organisation, L.word("board_role", m.role) if m.role else None)
        for m in lookup.case.meta.steering_group
    )


def build_contact(lookup: Lookup) -> tuple[Fact, ...]:
    """The project leader."""
    leader, L = lookup.case.meta.project_leader, lookup.labels
    if leader is None:
        return ()
    who = ", ".join(p for p in (leader.name, leader.organisation) if p)
    facts = [Fact(L.text("follow_up", "project_leader"), who)]
    if leader.email:
        facts.append(Fact(L.text("follow_up", "email"), leader.email))
    if leader.phone:
        facts.append(Fact(L.text("follow_up", "phone"), leader.phone))
    return tuple(facts)


def build_about(lookup: Lookup) -> tuple[Fact, ...]:
    """Version, date and status of the document (a steering group has no use for the file's
    format or the report's language)."""
    meta, L = lookup.case.meta, lookup.labels
    facts = []
    if meta.version:
        facts.append(Fact(L.text("cover", "version"), meta.version))
    facts += [
        Fact(L.text("cover", "date"), L.date(lookup.document_date)),
        Fact(L.text("cover", "status"), lookup.given_word("status", meta, "status")),
    ]
    return tuple(facts)

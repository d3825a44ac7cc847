"""The document's frame: its properties (title, author, …), the page header and the cover."""

from __future__ import annotations

from dataclasses import dataclass

from forankring_docs.report.lookup import Lookup
from forankring_docs.report.tables import Fact

__all__ = ["CoverView", "DocumentProperties", "build_cover", "build_header", "build_properties"]


@dataclass(frozen=True, slots=True)
class DocumentProperties:
    title: str
    subject: str
    author: str
    keywords: str
    created: str  # ISO date
    language_tag: str  # da-DK, en-GB


@dataclass(frozen=True, slots=True)
class CoverView:
    title: str
    subtitle: str  # the indsats; the area and municipality when the title already names it
    status: str
    is_draft: bool
    facts: tuple[Fact, ...]


def build_properties(lookup: Lookup) -> DocumentProperties:
    meta = lookup.case.meta
    leader = meta.project_leader
    keywords = ", ".join(k for k in (meta.area, meta.municipality) if k)
    return DocumentProperties(
        title=lookup.title,
        subject=meta.initiative,
        author=leader.name if leader else "",
        keywords=keywords,
        created=lookup.document_date.isoformat(),
        language_tag=lookup.labels.tag,
    )


def build_header(lookup: Lookup) -> str:
    """ "boligområde · titel"."""
    return lookup.labels.text("separator").join((lookup.case.meta.area, lookup.title))


def build_cover(lookup: Lookup) -> CoverView:
    meta, L, title = lookup.case.meta, lookup.labels, lookup.title
    facts = [Fact(L.text("cover", "area"), meta.area)]
    if meta.departments:
        facts.append(Fact(L.text("cover", "departments"), L.join(meta.departments)))
    if meta.municipality:
        facts.append(Fact(L.text("cover", "municipality"), meta.municipality))
    if meta.housing_organisations:
        facts.append(
            Fact(L.text("cover", "housing_organisations"), L.join(meta.housing_organisations))
        )
    facts.append(Fact(L.text("cover", "period"), L.date_range(meta.period.start, meta.period.end)))
    if meta.version:
        facts.append(Fact(L.text("cover", "version"), meta.version))
    facts.append(Fact(L.text("cover", "date"), L.date(lookup.document_date)))
    # A status left out still marks the document a draft: nobody has put it forward.
    status = lookup.given_word("status", meta, "status")
    facts.append(Fact(L.text("cover", "status"), status, alert=meta.status == "udkast"))
    leader = meta.project_leader
    if leader:
        who = ", ".join(p for p in (leader.name, leader.organisation) if p)
        facts.append(Fact(L.text("cover", "project_leader"), who))
    subtitle = meta.initiative
    if meta.initiative in title:
        subtitle = L.text("separator").join(p for p in (meta.area, meta.municipality) if p)
    return CoverView(
        title=title,
        subtitle=subtitle,
        status=status,
        is_draft=meta.status == "udkast",
        facts=tuple(facts),
    )

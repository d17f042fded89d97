"""A checked roster stored as a 学年's list: its districts and schools made or updated,
each community matched to the one it was before (same core, segment and members), the
communities the file no longer lists dropped from that 学年, and the members in file order."""

from collections import defaultdict
from typing import NamedTuple

from jiaogongti.importing import Changes, ImportResult
from jiaogongti.school_year import school_year_label
from schools.models import District, School

from ..models import Community, CommunityType, CommunityYear, Membership
from .layout import RosterCommunity


class Target(NamedTuple):
    community_year: CommunityYear
    members: list[School]  # in file order
    changed: bool | None  # type or position changed; None for a community year just made


def write_roster(parsed: list[RosterCommunity], year: int) -> ImportResult:
    counts = defaultdict(int)
    districts = _ensure_districts(parsed, counts)
    schools = _upsert_schools(parsed, districts, counts)
    existing = {cy.community_id: cy for cy in CommunityYear.objects.filter(school_year=year)}
    wanted = _match_communities(parsed, schools, existing)
    kept = {community_id for community_id, _ in wanted if community_id is not None}
    removed = [cy for community_id, cy in existing.items() if community_id not in kept]
    changes = Changes()
    for community_year in removed:
        changes.add(str(community_year.community), "本学年名单", "在名单中", "不再保留")
        community_year.delete()
    counts["communities_removed"] = len(removed)
    targets = [
        _write_community_year(community_id, item, position, year, existing, schools, counts, changes)
        for position, (community_id, item) in enumerate(wanted, start=1)
    ]
    _write_members(targets, counts)
    # A community that holds in no year any more was a correction of this very year's list;
    # one that exchanges refer to stays, as their record.
    Community.objects.filter(years__isnull=True, exchanges__isnull=True).delete()
    return ImportResult(_summary(len(parsed), year, counts), counts=dict(counts), changes=changes.listed)


def _ensure_districts(parsed: list[RosterCommunity], counts: dict) -> dict[str, District]:
    districts = {d.name: d for d in District.objects.all()}
    for name in sorted({c.core_district for c in parsed} | {m.district for c in parsed for m in c.members}):
        if name not in districts:
            districts[name] = District.objects.create(name=name, kind=District.kind_for_name(name))
            counts["districts_created"] += 1
    return districts


def _upsert_schools(parsed, districts, counts) -> dict[str, School]:
    wanted: dict[str, tuple[str, bool]] = {}
    for item in parsed:
        wanted.setdefault(item.core_name, (item.core_district, False))
        for member in item.members:
            district, campus = wanted.get(member.name, (member.district, False))
            wanted[member.name] = (member.district, campus or member.is_campus)
    schools = {s.name: s for s in School.objects.filter(name__in=wanted).select_related("district")}
    for name, (district_name, is_campus) in wanted.items():
        district = districts[district_name]
        school = schools.get(name)
        if school is None:
            ownership = School.Ownership.PRIVATE if district.kind == District.Kind.PRIVATE else School.Ownership.PUBLIC
            schools[name] = School.objects.create(name=name, district=district, is_campus=is_campus, ownership=ownership)
            counts["schools_created"] += 1
        elif school.district_id != district.id or (is_campus and not school.is_campus):
            school.district = district
            school.is_campus = school.is_campus or is_campus
            school.save(update_fields=["district", "is_campus"])
            counts["schools_updated"] += 1
    return schools


def _match_communities(parsed, schools, existing) -> list[tuple[int | None, RosterCommunity]]:
    """Each parsed community with the stored one it is (None: a new one), in file order."""
    identities = _community_identities()
    wanted, used = [], set()
    for item in parsed:
        member_ids = frozenset(schools[m.name].id for m in item.members)
        key = (schools[item.core_name].id, item.segment, member_ids)
        candidates = [c for c in identities.get(key, []) if c not in used]
        # Prefer the community already on this year's list, then the most recent one.
        candidates.sort(key=lambda c: (c in existing, c), reverse=True)
        community_id = candidates[0] if candidates else None
        used.add(community_id)
        wanted.append((community_id, item))
    return wanted


def _community_identities() -> dict[tuple, list[int]]:
    """(core school, segment, member set) -> ids of communities that had exactly that."""
    members_by_year = defaultdict(set)
    for community_year_id, school_id in Membership.objects.values_list("community_year_id", "school_id"):
        members_by_year[community_year_id].add(school_id)
    identities = defaultdict(list)
    for cy_id, community_id, core_id, segment in CommunityYear.objects.values_list(
        "id", "community_id", "community__core_school_id", "community__segment"
    ):
        key = (core_id, segment, frozenset(members_by_year[cy_id]))
        if community_id not in identities[key]:
            identities[key].append(community_id)
    return identities


def _write_community_year(community_id, item: RosterCommunity, position, year, existing, schools, counts, changes) -> Target:
    if community_id is None:
        community_id = Community.objects.create(core_school=schools[item.core_name], segment=item.segment).id
    community_year = existing.get(community_id)
    if community_year is None:
        community_year = CommunityYear.objects.create(
            community_id=community_id, school_year=year, type=item.type, position=position
        )
        counts["communities_created"] += 1
        if existing:  # a 学年 with a list already: each community the file adds is a change to it
            members = "、".join(m.name for m in item.members)
            changes.add(f"第 {item.row} 行 {item.core_name}", "本学年名单", "（无）", f"新增（成员校：{members}）")
        changed = None
    else:
        changed = (community_year.type, community_year.position) != (item.type, position)
        if community_year.type != item.type:
            labels = dict(CommunityType.choices)
            changes.add(f"第 {item.row} 行 {item.core_name}", "拟建类型", labels[community_year.type], labels[item.type])
        if changed:
            community_year.type, community_year.position = item.type, position
            community_year.save(update_fields=["type", "position"])
    counts["members"] += len(item.members)
    return Target(community_year, [schools[m.name] for m in item.members], changed)


def _write_members(targets: list[Target], counts: dict) -> None:
    # The file is the complete list for the year: members it no longer lists go first, so
    # a school that moved to another community can then join it.
    members_changed = set()
    for target in targets:
        deleted, _ = target.community_year.memberships.exclude(school__in=target.members).delete()
        if deleted:
            members_changed.add(target.community_year.pk)
    for target in targets:
        if _set_members(target.community_year, target.members):
            members_changed.add(target.community_year.pk)
        if target.changed is not None:
            if target.changed or target.community_year.pk in members_changed:
                counts["communities_updated"] += 1
            else:
                counts["communities_unchanged"] += 1


def _set_members(community_year: CommunityYear, schools: list[School]) -> bool:
    """Add the missing members and put all in file order; whether anything changed."""
    current = {m.school_id: m for m in community_year.memberships.all()}
    changed = False
    for position, school in enumerate(schools, start=1):
        membership = current.get(school.id)
        if membership is None:
            Membership.objects.create(community_year=community_year, school=school, position=position)
            changed = True
        elif membership.position != position:
            membership.position = position
            membership.save(update_fields=["position"])
            changed = True
    return changed


def _summary(communities: int, year: int, counts: dict) -> str:
    summary = (
        f"{school_year_label(year)}名单导入完成：教共体 {communities} 个"
        f"（新增 {counts['communities_created']}、类型、成员或顺序变更 {counts['communities_updated']}、"
        f"未变 {counts['communities_unchanged']}、本年不再保留 {counts['communities_removed']}），"
        f"成员校（校区）{counts['members']} 条；学校新建 {counts['schools_created']} 所、更新 {counts['schools_updated']} 所"
    )
    if counts["districts_created"]:
        summary += f"；新建学区 {counts['districts_created']} 个"
    return summary + "。"

"""学段 and 城乡 of the 2021 roster's schools, where the documents are silent: inferred from
each school's name and 学区 for the demo, and listed as inferred (the bureau's own school
file, `import_schools`, replaces them)."""

from typing import NamedTuple

from django.db.models import Q

from schools.models import District, School, Stage

# The 学区 of Rui'an's city proper; the others are towns and their villages.
URBAN_DISTRICTS = {"直属", "安阳"}
# A town's central, experimental or first school stands in the 镇区; the rest in its villages.
TOWN_MARKERS = ("中心", "实验", "第一", "集团")


class InferredFacts(NamedTuple):
    school: str
    stage: str
    locality: str
    ownership: str


def infer_stage(name: str) -> str:
    if "小学" in name:  # (also 实验学校（小学部）)
        return Stage.PRIMARY
    if "中学" in name or "初中" in name:
        return Stage.MIDDLE
    return Stage.NINE_YEAR  # 瑞安市曹村镇学校 and the like: 九年一贯制


def infer_locality(name: str, district: str) -> str:
    if district in URBAN_DISTRICTS:
        return School.Locality.URBAN
    if any(marker in name for marker in TOWN_MARKERS):
        return School.Locality.TOWN
    return School.Locality.RURAL


def fill_in_unknown_facts() -> list[InferredFacts]:
    """Each school without a 学段 or 城乡 gets the inferred one; returns what was inferred."""
    inferred = []
    for school in School.objects.filter(Q(stage="") | Q(locality="")).select_related("district").order_by("name"):
        district = school.district.name
        facts = InferredFacts(
            school.name,
            school.stage or infer_stage(school.name),
            school.locality or infer_locality(school.name, district),
            School.Ownership.PRIVATE if school.district.kind == District.Kind.PRIVATE else School.Ownership.PUBLIC,
        )
        school.stage, school.locality, school.ownership = facts.stage, facts.locality, school.ownership or facts.ownership
        school.save(update_fields=["stage", "locality", "ownership"])
        inferred.append(facts)
    return inferred

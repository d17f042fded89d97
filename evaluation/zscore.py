"""Z值: the one place that knows the formula (contracts.md, "Z值 — how it is computed").

For one 学年, one 学段 and one subject, over every school with results:
    M = Σ nᵢ·mᵢ / Σ nᵢ                                  county mean
    S = sqrt( Σ nᵢ·(sᵢ² + (mᵢ − M)²) / Σ nᵢ )            county student-level standard deviation
    T = base + scale·(mᵢ − M)/S                         the school's subject score
A school's Z值 is the weighted mean of its subject scores T (equal weights by default).
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import (
    DEFAULT_BASE,
    DEFAULT_SCALE,
    SchoolResult,
    SubjectScore,
    SubjectStatistics,
    ZSettings,
)


@dataclass(frozen=True, slots=True)  # a province's round holds some 150,000 of them
class Score:
    school_id: int
    subject: str
    candidates: int
    average: float
    std_dev: float


@dataclass(frozen=True)
class CountyFigures:
    subject: str
    schools: int
    candidates: int
    mean: float
    std_dev: float


@dataclass(frozen=True)
class Scale:
    base: float = DEFAULT_BASE
    scale: float = DEFAULT_SCALE
    weights: dict | None = None  # subject -> weight; a subject not listed weighs 1

    def weight(self, subject: str) -> float:
        return float((self.weights or {}).get(subject, 1))

    def as_record(self) -> dict:
        return {"base": self.base, "scale": self.scale, "weights": dict(self.weights or {})}


def county_figures(scores: Iterable[Score]) -> dict[str, CountyFigures]:
    by_subject = defaultdict(list)
    for score in scores:
        by_subject[score.subject].append(score)
    figures = {}
    for subject, rows in by_subject.items():
        total = sum(r.candidates for r in rows)
        mean = math.fsum(r.candidates * r.average for r in rows) / total
        variance = math.fsum(r.candidates * (r.std_dev**2 + (r.average - mean) ** 2) for r in rows) / total
        figures[subject] = CountyFigures(subject, len(rows), total, mean, math.sqrt(variance))
    return figures


def subject_score(average: float, figures: CountyFigures, scale: Scale) -> float:
    """T for one school and subject. Where every student scored the same (S = 0), every school is at the base."""
    if figures.std_dev == 0:
        return scale.base
    return scale.base + scale.scale * (average - figures.mean) / figures.std_dev


def z_values(scores: list[Score], scale: Scale) -> tuple[dict[int, float | None], dict[str, CountyFigures]]:
    """Each school's Z值 (None where all its subjects weigh 0), and the county figures used."""
    figures = county_figures(scores)
    weighted = defaultdict(float)
    weights = defaultdict(float)
    for score in scores:
        weight = scale.weight(score.subject)
        weighted[score.school_id] += weight * subject_score(score.average, figures[score.subject], scale)
        weights[score.school_id] += weight
    return {school_id: (weighted[school_id] / w if w else None) for school_id, w in weights.items()}, figures


def scale_for(year: int, stage: str) -> Scale:
    settings = ZSettings.objects.filter(school_year=year).prefetch_related("weights").first()
    if settings is None:
        return Scale()
    weights = {w.subject: float(w.weight) for w in settings.weights.all() if w.stage == stage}
    return Scale(float(settings.base), float(settings.scale), weights)


@transaction.atomic
def recompute(year: int, stage: str) -> int:
    """Compute and store every school's Z值 for the 学年 and 学段. Returns the number of schools."""
    scale = scale_for(year, stage)
    # Streamed (`iterator`): the rows are not also held as a queryset's cache of tuples.
    scores = [
        Score(*row)
        for row in SubjectScore.objects.filter(result__school_year=year, result__stage=stage)
        .values_list("result__school_id", "subject", "candidates", "average", "std_dev")
        .iterator(chunk_size=5_000)
    ]
    values, figures = z_values(scores, scale)
    SubjectStatistics.objects.filter(school_year=year, stage=stage).delete()
    SubjectStatistics.objects.bulk_create(
        SubjectStatistics(
            school_year=year,
            stage=stage,
            subject=f.subject,
            schools=f.schools,
            candidates=f.candidates,
            county_mean=f.mean,
            county_std_dev=f.std_dev,
        )
        for f in figures.values()
    )
    round_results = SchoolResult.objects.filter(school_year=year, stage=stage)
    # The settings are the same for the whole round: one UPDATE, not one per school.
    count = round_results.update(computed_with=scale.as_record(), computed_at=timezone.now())
    results = list(round_results.only("id", "school_id"))
    for result in results:
        result.z_value = values.get(result.school_id)
    SchoolResult.objects.bulk_update(results, ["z_value"], batch_size=1000)
    return count


def recompute_year(year: int) -> None:
    for stage in SchoolResult.objects.filter(school_year=year).values_list("stage", flat=True).distinct():
        recompute(year, stage)


def subject_lags(year: int) -> dict[int, dict[str, float]]:
    """School id -> subject -> how far the school's average fell below the county's in the
    学年, in the county's standard deviations (0 where it did not, at most 1): where a
    teacher of that subject is most wanted (the exchange planner weighs it)."""
    county = {(s.stage, s.subject): s for s in SubjectStatistics.objects.filter(school_year=year)}
    lags: dict[int, dict[str, float]] = defaultdict(dict)
    for school_id, stage, subject, average in SubjectScore.objects.filter(result__school_year=year).values_list(
        "result__school_id", "result__stage", "subject", "average"
    ):
        stats = county.get((stage, subject))
        if stats is not None and stats.county_std_dev and average < stats.county_mean:
            lag = min((stats.county_mean - average) / stats.county_std_dev, 1.0)
            lags[school_id][subject] = max(lags[school_id].get(subject, 0.0), lag)
    return lags

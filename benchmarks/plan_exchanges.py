"""Benchmark: the exchange planner on the province-size data set (`benchmarks/province.py`:
5,000 schools, 3,000 communities, 300,000 teachers), side by side with a greedy baseline
on the same inputs, and on the demo county.

The baseline fills each school's obligations in order as a clerk would: a 共建型 member
swaps a teacher with the core where both have one of a subject free, else takes a core
teacher; a 协作型 core sends its first free teachers; a new member teacher goes to the core
with a same-subject teacher back. Its moves are then held against the model's own rules
and objective (the model solved with exactly those moves), so both are scored alike.

    .venv/bin/python benchmarks/plan_exchanges.py
    .venv/bin/python benchmarks/plan_exchanges.py solvers   # + HiGHS, CBC (PuLP), SCIP and CP-SAT
                                                            #   (OR-Tools) on the same programme;
                                                            #   needs `pip install pulp ortools`
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.province import YEAR, build, settle  # noqa: E402 (after the path is set)

WORK = Path(os.environ.get("JGT_BENCH_DIR", Path(tempfile.gettempdir()) / "jgt_bench"))
WORK.mkdir(exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'province.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiaogongti.settings")
PLAN_YEAR = YEAR + 1  # next September's rotation, from the benchmark 学年's records


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def greedy(inputs, min_ratio) -> set[tuple[int, int]]:
    """The baseline's moves (teacher id, school id)."""
    from planner import model

    free = defaultdict(lambda: defaultdict(list))  # school id -> subject -> free teachers, in id order
    for teacher in sorted(inputs.candidates, key=lambda t: t.id):
        if not teacher.unavailable:
            free[teacher.school_id][teacher.subject].append(teacher)
    school_of = {school.id: school for school in inputs.schools}
    moves = set()

    def take(school_id, subject=None):
        pools = free[school_id]
        for name in [subject] if subject is not None else sorted(pools):
            if pools.get(name):
                return pools[name].pop(0)
        return None

    for community in inputs.communities:
        core = community.core_id
        for member_id in community.member_ids:
            # New member teachers to the core, a same-subject teacher back.
            for teacher in [t for pool in free[member_id].values() for t in pool if t.new_member_teacher]:
                if (back := take(core, teacher.subject)) is not None:
                    free[member_id][teacher.subject].remove(teacher)
                    moves |= {(teacher.id, core), (back.id, member_id)}
            if community.type == model.CO_BUILT:
                needed = model.ten_percent_needed(school_of[member_id], min_ratio)
                while needed > 0:
                    pair = next(
                        (
                            (subject, pool[0])
                            for subject, pool in sorted(free[member_id].items())
                            if pool and free[core].get(subject)
                        ),
                        None,
                    )
                    if pair is not None and needed >= 2:
                        subject, leaving = pair
                        free[member_id][subject].pop(0)
                        arriving = take(core, subject)
                        moves |= {(leaving.id, core), (arriving.id, member_id)}
                        needed -= 2
                    elif (arriving := take(core)) is not None:
                        moves.add((arriving.id, member_id))
                        needed -= 1
                    else:
                        break
        if community.type == model.COOPERATIVE:
            for n in range(community.core_sends):
                if (sent := take(core)) is None:
                    break
                moves.add((sent.id, community.member_ids[n % len(community.member_ids)]))
    return moves


# The province data set is built for the report (no subjects, every teacher 中级); the
# planner is measured on it with what a county's records give it besides: subjects in the
# shares of a primary school's timetable, 高级 and 正高 teachers, heads' marks and 学科缺口.
SUBJECTS = [
    ("语文", 25),
    ("数学", 22),
    ("英语", 12),
    ("科学", 10),
    ("体育", 8),
    ("道德与法治", 6),
    ("音乐", 6),
    ("美术", 6),
    ("信息技术", 5),
]


def mark() -> dict:
    """What a county's heads and registry give the planner, on the province data set
    (deterministic, by teacher and school id; once)."""
    from django.db import connection, transaction

    from planner.models import SubjectGap, TeacherIntention
    from teachers.models import Teacher

    if TeacherIntention.objects.filter(school_year=PLAN_YEAR).exists():
        return {"marked": False}
    cases, bound = [], 0
    for subject, share in SUBJECTS:
        bound += share
        cases.append(f"WHEN id % 100 < {bound} THEN '{subject}'")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE teachers_teacher SET subject = CASE {' '.join(cases)} END")
        cursor.execute(
            "UPDATE teachers_teacher SET title = CASE WHEN id % 50 = 0 THEN 'professor' ELSE 'senior' END WHERE id % 7 = 0"
        )
        serving = list(Teacher.objects.filter(left_on__isnull=True).values_list("id", "school_id"))
        TeacherIntention.objects.bulk_create(
            [
                TeacherIntention(school_year=PLAN_YEAR, teacher_id=teacher_id, choice="volunteer")
                for teacher_id, _ in serving
                if teacher_id % 31 == 0
            ]
            + [
                TeacherIntention(school_year=PLAN_YEAR, teacher_id=teacher_id, choice="unsuitable", reason="带毕业班")
                for teacher_id, _ in serving
                if teacher_id % 53 == 0 and teacher_id % 31
            ],
            batch_size=5_000,
        )
        schools = sorted({school_id for _, school_id in serving})
        SubjectGap.objects.bulk_create(
            [
                SubjectGap(school_year=PLAN_YEAR, school_id=school_id, subject=SUBJECTS[school_id % 5 + 4][0], count=1)
                for school_id in schools
                if school_id % 10 == 0
            ],
            batch_size=5_000,
        )
    return {"marked": True}


def measure_province() -> dict:
    from planner import model
    from planner.inputs import planning_inputs
    from planner.intentions import weights_for

    started = time.perf_counter()
    inputs = planning_inputs(PLAN_YEAR)
    read = time.perf_counter() - started
    ratio, weights = inputs.figures.co_built_min_ratio, weights_for(PLAN_YEAR)
    started = time.perf_counter()
    ours = model.solve(inputs.schools, inputs.communities, inputs.candidates, min_ratio=ratio, weights=weights)
    solved = time.perf_counter() - started
    started = time.perf_counter()
    baseline_moves = greedy(inputs, ratio)
    greedy_seconds = time.perf_counter() - started
    moved = {teacher_id for teacher_id, _ in baseline_moves}
    baseline = model.solve(
        inputs.schools,
        inputs.communities,
        inputs.candidates,
        min_ratio=ratio,
        weights=weights,
        required=frozenset(baseline_moves),
        excluded=frozenset(c.id for c in inputs.candidates if c.id not in moved),
    )
    return {
        "schools": len(inputs.schools),
        "communities": len(inputs.communities),
        "teachers": len(inputs.candidates),
        "free": sum(1 for c in inputs.candidates if not c.unavailable),
        "read": read,
        "solve": solved,
        "greedy": greedy_seconds,
        "peak_mb": peak_mb(),
        "ours": summary(ours),
        "baseline": summary(baseline),
    }


def summary(plan) -> dict:
    return {
        "moves": len(plan.moves),
        "obligations": len(plan.obligations),
        "met": sum(1 for o in plan.obligations if o.met),
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "status": plan.status,
        "refused": len(plan.refused),
    }


def measure_demo() -> dict:
    """`plan_exchanges` on the demo county (`setup_demo`), as the bureau runs it."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch}/demo.sqlite3", "JGT_DATA_DIR": scratch}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "setup_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        done = subprocess.run(
            [*manage, "plan_exchanges", "--year", "2027", "--output", f"{scratch}/plan.xlsx"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        return {"seconds": time.perf_counter() - started, "said": done.stdout.strip()}


def write_programme(path: str) -> dict:
    """The province's whole programme as one MPS file, for other solvers to read."""
    from planner import model
    from planner.inputs import planning_inputs
    from planner.intentions import weights_for

    inputs = planning_inputs(PLAN_YEAR)
    built = model.programme(
        inputs.schools, inputs.communities, inputs.candidates,
        min_ratio=inputs.figures.co_built_min_ratio, weights=weights_for(PLAN_YEAR),
    )  # fmt: skip
    built.highs.writeModel(path)
    return {"columns": built.highs.getNumCol(), "rows": built.highs.getNumRow()}


def solve_with(solver: str, path: str) -> dict:
    """One solver on the MPS file, in a process of its own (OR-Tools ships its own HiGHS,
    whose symbols clash with highspy's in one process)."""
    started = time.perf_counter()
    if solver == "highs":
        import highspy

        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.readModel(path)
        read = time.perf_counter() - started
        highs.run()
        objective, status = highs.getInfo().objective_function_value, highs.modelStatusToString(highs.getModelStatus())
    elif solver == "cbc":
        import pulp

        _, problem = pulp.LpProblem.fromMPS(path, sense=pulp.LpMaximize)
        read = time.perf_counter() - started
        problem.solve(pulp.PULP_CBC_CMD(msg=0, timeLimit=120))
        objective, status = pulp.value(problem.objective), pulp.LpStatus[problem.status]
    else:  # scip, sat: OR-Tools
        from ortools.linear_solver.python import model_builder

        programme = model_builder.Model()
        programme.import_from_mps_file(path)
        read = time.perf_counter() - started
        backend = model_builder.Solver(solver)
        backend.set_time_limit_in_seconds(120)
        status = str(backend.solve(programme))
        objective = backend.objective_value
    return {"read": read, "solve": time.perf_counter() - started - read, "objective": objective, "status": status}


def compare_solvers() -> None:
    path = str(WORK / "plan.mps")
    shape = run_child("write-programme", path)
    print(f"one programme for the province: {shape['columns']:,} columns, {shape['rows']:,} rows (time limit 120 s each)")
    for solver, label in [
        ("highs", "HiGHS (highspy)"),
        ("cbc", "CBC (PuLP)"),
        ("scip", "SCIP (OR-Tools)"),
        ("sat", "CP-SAT (OR-Tools)"),
    ]:
        try:
            r = run_child("solve-with", solver, path)
        except subprocess.CalledProcessError:
            print(f"{label:20} not installed here")
            continue
        print(f"{label:20} read {r['read']:6.1f} s  solved {r['solve']:6.1f} s  objective {r['objective']:,.1f}  {r['status']}")


def run_child(step: str, *arguments: str) -> dict:
    done = subprocess.run([sys.executable, __file__, step, *arguments], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    run_child("build")
    run_child("settle")
    run_child("mark")
    demo = run_child("demo")
    print(f"demo county: plan_exchanges {demo['seconds']:.1f} s (whole command): {demo['said'][:90]}…")
    r = run_child("province")
    print(
        f"province: {r['schools']:,} schools, {r['communities']:,} communities, {r['teachers']:,} teachers 在职 "
        f"({r['free']:,} free to go); records read {r['read']:.1f} s, solved {r['solve']:.1f} s, peak {r['peak_mb']:.0f} MB"
    )
    print(f"{'':12}{'moves':>8}{'obligations':>13}{'met':>8}{'objective':>14}{'bound':>14}{'gap':>8}  status")
    for name in ("ours", "baseline"):
        s = r[name]
        print(
            f"{name:12}{s['moves']:>8,}{s['obligations']:>13,}{s['met']:>8,}{s['objective']:>14,.1f}{s['bound']:>14,.1f}"
            f"{s['gap']:>8.2%}  {s['status']}"
        )
    print(
        f"(the baseline's own time: {r['greedy']:.2f} s; its objective and bound: its moves held against the model, "
        f"which kept {r['baseline']['moves']:,} of them and refused {r['baseline']['refused']:,})"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["solvers"]:
        run_child("build")
        compare_solvers()
    elif sys.argv[1:2] == ["solve-with"]:  # no Django here: nothing may load highspy before OR-Tools
        print(json.dumps(solve_with(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1:
        import django

        django.setup()
        step = {
            "build": lambda: {"state": build()},
            "settle": lambda: settle() or {},
            "mark": mark,
            "province": measure_province,
            "demo": measure_demo,
            "write-programme": lambda: write_programme(sys.argv[2]),
        }[sys.argv[1]]
        print(json.dumps(step()))
    else:
        main()

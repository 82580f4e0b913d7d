"""OR-Tools CP-SAT peer of softmask's hard solver: Sudoku files and graph colouring.

Sudoku: one CP-SAT model per puzzle, 81 integer variables 1..9, AddAllDifferent on every row,
column and box, givens fixed. Colouring: one integer variable 0..k-1 per vertex and `x_u != x_v`
per (deduplicated) edge. Every solution is checked independently of the model (Sudoku: each
row, column and box a permutation of 1..9 and every given kept; colouring: edge by edge, colours
in range); a wrong or missing solution is a hard error, not a figure.

Timing per instance is wall time of model construction plus `Solve` (parsing excluded), with
`num_workers` as given (1 for the single-thread comparison). Output: one JSON document.

    cpsat.py sudoku --workers 1 --limit 100 FILE...
    cpsat.py color --workers 1 --time-limit 30 FILE:K...
"""

import argparse
import json
import sys
import time

from ortools.sat.python import cp_model
import ortools


def read_sudoku(path, limit):
    """Puzzles as lists of 81 ints (0 = blank): plain lines ('.' or '0' blanks),
    `puzzle:count:solution` lines or the Kaggle `quizzes,solutions` CSV."""
    out = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("quizzes"):
                continue
            grid = line.split(",")[0].split(":")[0]
            if len(grid) != 81:
                sys.exit(f"{path}:{lineno}: expected 81 characters, got {len(grid)}")
            out.append([0 if c in ".0" else int(c) for c in grid])
            if len(out) == limit:
                break
    return out


UNITS = (
    [[r * 9 + c for c in range(9)] for r in range(9)]
    + [[r * 9 + c for r in range(9)] for c in range(9)]
    + [[(br * 3 + i // 3) * 9 + bc * 3 + i % 3 for i in range(9)] for br in range(3) for bc in range(3)]
)


def check_sudoku(puzzle, grid):
    for unit in UNITS:
        if sorted(grid[i] for i in unit) != list(range(1, 10)):
            return f"unit {unit} is not a permutation of 1..9"
    for i, g in enumerate(puzzle):
        if g and grid[i] != g:
            return f"given {g} at cell {i} changed to {grid[i]}"
    return None


def solve_sudoku(puzzle, workers):
    m = cp_model.CpModel()
    x = [m.NewIntVar(g, g, f"c{i}") if g else m.NewIntVar(1, 9, f"c{i}") for i, g in enumerate(puzzle)]
    for unit in UNITS:
        m.AddAllDifferent([x[i] for i in unit])
    s = cp_model.CpSolver()
    s.parameters.num_workers = workers
    st = s.Solve(m)
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, s
    return [s.Value(v) for v in x], s


def sudoku(args):
    files = []
    for path in args.files:
        puzzles = read_sudoku(path, args.limit)
        total, solver_wall, branches = 0.0, 0.0, 0
        for n, p in enumerate(puzzles):
            t0 = time.perf_counter()
            grid, s = solve_sudoku(p, args.workers)
            total += time.perf_counter() - t0
            if grid is None:
                sys.exit(f"{path}: puzzle {n + 1}: CP-SAT found no solution ({s.StatusName()})")
            err = check_sudoku(p, grid)
            if err:
                sys.exit(f"{path}: puzzle {n + 1}: CP-SAT solution fails the check: {err}")
            solver_wall += s.WallTime()
            branches += s.NumBranches()
        files.append({
            "file": path,
            "puzzles": len(puzzles),
            "checked": len(puzzles),
            "seconds": total,
            "puzzles_per_s": len(puzzles) / total,
            "solver_wall_seconds": solver_wall,
            "mean_branches": branches / max(1, len(puzzles)),
        })
    return {"files": files}


def read_graph(path):
    vertices, edges = None, set()
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts or parts[0] == "c":
                continue
            if parts[0] == "p":
                vertices = int(parts[2])
            elif parts[0] == "e":
                u, v = int(parts[1]) - 1, int(parts[2]) - 1
                if u == v:
                    sys.exit(f"{path}:{lineno}: self-loop")
                edges.add((min(u, v), max(u, v)))
    if vertices is None:
        sys.exit(f"{path}: no p line")
    return vertices, sorted(edges)


def color(args):
    graphs = []
    for spec in args.files:
        path, k = spec.rsplit(":", 1)
        k = int(k)
        n, edges = read_graph(path)
        t0 = time.perf_counter()
        m = cp_model.CpModel()
        x = [m.NewIntVar(0, k - 1, f"v{i}") for i in range(n)]
        for u, v in edges:
            m.Add(x[u] != x[v])
        s = cp_model.CpSolver()
        s.parameters.num_workers = args.workers
        s.parameters.max_time_in_seconds = args.time_limit
        st = s.Solve(m)
        seconds = time.perf_counter() - t0
        row = {"file": path, "k": k, "vertices": n, "edges": len(edges), "seconds": seconds,
               "status": s.StatusName(st), "branches": s.NumBranches()}
        if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            col = [s.Value(v) for v in x]
            for u, v in edges:
                if col[u] == col[v]:
                    sys.exit(f"{path}: CP-SAT colouring gives edge ({u + 1}, {v + 1}) colour {col[u]} twice")
            if any(not 0 <= c < k for c in col):
                sys.exit(f"{path}: CP-SAT colour out of range")
            row["solved"] = True
        else:
            row["solved"] = False
        graphs.append(row)
    return {"graphs": graphs}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["sudoku", "color"])
    p.add_argument("files", nargs="+")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--limit", type=int, default=100, help="first N puzzles of each Sudoku file")
    p.add_argument("--time-limit", type=float, default=30.0, help="seconds per colouring graph")
    args = p.parse_args()
    out = sudoku(args) if args.mode == "sudoku" else color(args)
    out.update({"peer": "ortools-cp-sat", "ortools_version": ortools.__version__, "workers": args.workers})
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

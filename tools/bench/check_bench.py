#!/usr/bin/env python3
"""Check throughput: generates a multi-module program and times `inkoc check`.

Usage: tools/bench/check_bench.py [INKOC] [MODULES] [OBJECTS_PER_MODULE]
Prints lines per second over the generated lines only (the prelude's lines
are checked too but not counted, so the figure is conservative).
"""
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
inkoc = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "bin", "inkoc")
modules = int(sys.argv[2]) if len(sys.argv) > 2 else 200
objects = int(sys.argv[3]) if len(sys.argv) > 3 else 20


def module_source(index):
    lines = ["import std::conversion::ToString"]
    if index > 0:
        lines.append(f"import bench::m{index - 1}::(self as previous, Item{index - 1}_0)")
    lines.append("")
    for o in range(objects):
        name = f"Item{index}_{o}"
        lines += [
            f"object {name} {{",
            "  @value: Integer",
            "  @label: String",
            "",
            "  def init(value: Integer, label = 'item') {",
            "    @value = value",
            "    @label = label",
            "  }",
            "",
            "  def value -> Integer {",
            "    @value",
            "  }",
            "",
            f"  def combine(other: {name}) -> Integer {{",
            "    let mut total = @value + other.value",
            "    Array.new(1, 2, 3).each do (number) { total += number }",
            "    (total > 10).if(true: { total }, false: { 0 - total })",
            "  }",
            "}",
            "",
            f"impl ToString for {name} {{",
            "  def to_string -> String {",
            "    @label + @value.to_string",
            "  }",
            "}",
            "",
        ]
    lines += [
        f"def run{index}(count: Integer) -> Integer {{",
        f"  let first = Item{index}_0.new(count)",
        f"  let second = Item{index}_0.new(value: 2, label: 'second')",
        "  first.combine(second) + first.to_string.length",
        "}",
        "",
    ]
    if index > 0:
        lines.append(f"previous.run{index - 1}(1)")
    return "\n".join(lines) + "\n"


with tempfile.TemporaryDirectory() as directory:
    os.makedirs(os.path.join(directory, "bench"))
    total = 0
    for index in range(modules):
        source = module_source(index)
        total += source.count("\n")
        with open(os.path.join(directory, "bench", f"m{index}.inko"), "w") as out:
            out.write(source)
    main = f"import bench::m{modules - 1}\nm{modules - 1}.run{modules - 1}(3)\n"
    total += 2
    with open(os.path.join(directory, "main.inko"), "w") as out:
        out.write(main)
    best = None
    for _ in range(3):
        start = time.perf_counter()
        result = subprocess.run([inkoc, "check", os.path.join(directory, "main.inko")],
                                capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.stderr.write(result.stderr[:2000])
            sys.exit(1)
        best = elapsed if best is None else min(best, elapsed)
    print(f"{total} lines in {modules} modules checked in {best:.3f}s: "
          f"{total / best:,.0f} lines/s")

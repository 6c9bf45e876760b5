#!/usr/bin/env python3
"""Writes large Inko programs for profiling the compiler's own phases.

  generate.py long-method N   one method of N statements (lets, sends,
                              closures, conditionals), called once
  generate.py many-methods N  N small methods in one module, all called
  generate.py many-objects N  N objects with a few methods each

Each shape stresses what grows with it: a long method the per-function
work of check, MIR and codegen (locals, blocks, values); many methods the
per-program tables (method and selector lookups, the function table).
Usage: generate.py SHAPE N > program.inko; then
  inkoc build --timings --no-cache program.inko
"""
import sys


def long_method(count):
    print("import std::stdio::stdout")
    print("def long_method(seed: Integer) -> Integer {")
    print("  let mut total = seed")
    for i in range(count):
        kind = i % 5
        if kind == 0:
            print(f"  let value_{i} = total + {i}")
        elif kind == 1:
            print(f"  total = total + value_{i - 1} * 2")
        elif kind == 2:
            print(f"  (total > {i * 1000}).if_true {{ total = total - {i} }}")
        elif kind == 3:
            print(f"  let text_{i} = total.to_string")
        else:
            print(f"  total = total + text_{i - 1}.length")
    print("  total")
    print("}")
    print("stdout.print(long_method(1))")


def many_methods(count):
    print("import std::stdio::stdout")
    for i in range(count):
        print(f"def method_{i}(value: Integer) -> Integer {{")
        print(f"  let doubled = value * 2")
        print(f"  (doubled > {i}).if_true {{ return doubled - {i} }}")
        print(f"  doubled + {i}")
        print("}")
    print("let mut total = 0")
    for i in range(count):
        print(f"total = method_{i}(total) % 1000")
    print("stdout.print(total)")


def many_objects(count):
    print("import std::stdio::stdout")
    for i in range(count):
        print(f"object Thing{i} {{")
        print("  @value: Integer")
        print("  def init(value: Integer) { @value = value }")
        print(f"  def value -> Integer {{ @value + {i} }}")
        print(f"  def combine(other: Thing{i}) -> Integer {{ @value + other.value }}")
        print("}")
    print("let mut total = 0")
    for i in range(count):
        print(f"total = (total + Thing{i}.new({i}).combine(Thing{i}.new(1))) % 1000")
    print("stdout.print(total)")


SHAPES = {"long-method": long_method, "many-methods": many_methods, "many-objects": many_objects}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SHAPES or not sys.argv[2].isdigit():
        sys.exit(__doc__)
    SHAPES[sys.argv[1]](int(sys.argv[2]))

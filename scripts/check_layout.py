"""Fails when a Rust crate of contracts/ or packages/ has a file-level import circle.

The house layout (README, "Layout"): in each contract `contract.rs` dispatches,
`execute.rs`/`query.rs` hold one function per message, and they use `state.rs` and the
named domain modules below them; nothing points back up. Two files that import each
other, directly or around a longer loop, break that. This reads every `crate::…` and
`super::…` path of every source file (tests inside a file count for that file) and
prints each circle it finds.

Usage: python3 scripts/check_layout.py [ROOT]
"""

import re
import sys
from pathlib import Path

PATH = re.compile(r"\b(crate|super)((?:::\w+)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super)::\{([^;]*)\};", re.S)


def module_of(src: Path, file: Path) -> tuple:
    """The module path of a source file: src/a/b.rs and src/a/b/mod.rs are ("a", "b")."""
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def crate_files(src: Path) -> dict:
    """Every module of a crate (its src/bin programs aside) and the file that holds it."""
    return {
        module_of(src, f): f
        for f in sorted(src.rglob("*.rs"))
        if "bin" not in f.relative_to(src).parts
    }


def target(modules: dict, base: tuple, names: list):
    """The longest module prefix of `base + names` that is a file of the crate."""
    path = base + tuple(names)
    for n in range(len(path), 0, -1):
        if path[:n] in modules:
            return path[:n]
    return None


def referenced_paths(text: str):
    """(root, names) for every crate:: or super:: path, expanding `use crate::{a, b::c}`."""
    for m in USE_GROUP.finditer(text):
        for item in m.group(2).split(","):
            names = [n for n in re.findall(r"\w+", item.split(" as ")[0]) if n != "self"]
            if names:
                yield m.group(1), names
    for m in PATH.finditer(text):
        yield m.group(1), m.group(2).strip(":").split("::")


def edges(modules: dict) -> dict:
    graph = {m: set() for m in modules}
    for mod, file in modules.items():
        text = re.sub(r"//[^\n]*", "", file.read_text())
        for root, names in referenced_paths(text):
            base = () if root == "crate" else mod[:-1]
            dest = target(modules, base, names)
            if dest is not None and dest != mod and dest != ():
                graph[mod].add(dest)
    return graph


def circles(graph: dict) -> list:
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    found = 0
    crates = sorted(p.parent for p in root.glob("*/*/Cargo.toml") if p.parent.parent.name in ("contracts", "packages"))
    for crate in crates:
        src = crate / "src"
        if not src.is_dir():
            continue
        modules = crate_files(src)
        graph = edges(modules)
        for comp in circles(graph):
            found += 1
            names = [str(modules[m].relative_to(root)) for m in comp]
            pairs = [
                f"{modules[a].name} -> {modules[b].name}"
                for a in comp
                for b in sorted(graph[a])
                if b in comp
            ]
            print(f"import circle in {crate.relative_to(root)}: {', '.join(names)} ({'; '.join(pairs)})")
    print(f"{len(crates)} crates read, {found} import circle(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

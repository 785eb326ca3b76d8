"""The whole conformance corpus against Terraform (tests/conformance.py does the
comparing): every fixture, the bundled example, the generated 1x corpus
(bench/gen_corpus.py), the hostile inputs, the issue's constructs, and hypothesis-
generated files (valid and corrupted). Prints how many inputs were compared and every
disagreement; exit 1 when there is one.

    python bench/conformance_corpus.py [--generated 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(HERE)]

import conformance  # noqa: E402
import gen_corpus  # noqa: E402
from conformance import Sample, compare, samples_from  # noqa: E402

SUFFIXES = (".tf", ".tfvars", ".tf.json")


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES)
                  and ".terraform" not in p.parts)


def corpus(generated: int) -> dict[str, list[Sample]]:
    from hcl_strategies import corrupted, hcl_files
    from test_conformance import generated as draw
    from test_heredoc_linear import HOSTILE
    from test_parse_grammar import REJECTED, VALID
    from test_parse_json import ACCEPTED as JSON_ACCEPTED
    from test_parse_json import REJECTED as JSON_REJECTED

    fixtures = ROOT / "fixtures"
    stacks = fixtures / "stacks"
    generated_corpus = gen_corpus.generate(1)
    parts = {
        "fixtures (without stacks/)": samples_from([p for p in files_under(fixtures) if stacks not in p.parents], fixtures),
        "fixtures/stacks (the example among them)": samples_from(files_under(stacks), fixtures),
        # Terraform itself takes minutes on the 100k-line ones: their first 20,000 characters.
        "hostile inputs": [Sample(f"hostile-{n}", ".tf", t[:20_000].encode()) for n, t in HOSTILE.items()],
        "the issue's constructs": [Sample(f"hcl-{n}", ".tf", t.encode()) for n, (t, *_r) in {**VALID, **REJECTED}.items()]
        + [Sample(f"json-{n}", ".tf.json", t.encode()) for n, (t, *_r) in {**JSON_ACCEPTED, **JSON_REJECTED}.items()],
        "hypothesis, valid": [Sample(f"valid-{i}", ".tf", t.encode()) for i, t in enumerate(draw(hcl_files(), generated))],
        "hypothesis, corrupted": [Sample(f"corrupted-{i}", ".tf", t.encode())
                                  for i, t in enumerate(draw(corrupted(), generated))],
    }
    parts["generated corpus 1x"] = samples_from(files_under(generated_corpus), generated_corpus)
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=1000, help="hypothesis files of each kind")
    parser.add_argument("--only", default="", help="only the parts whose name contains this")
    parser.add_argument("--dump", type=Path, help="write each disagreeing input into this folder")
    args = parser.parse_args(argv)
    if conformance.terraform() is None:
        print("terraform is not on PATH", file=sys.stderr)
        return 2
    total = bad = 0
    for name, samples in corpus(args.generated).items():
        if args.only not in name:
            continue
        start = time.perf_counter()
        found, limits = compare(samples)
        total += len(samples)
        bad += len(found)
        print(f"{name}: {len(samples)} inputs, {len(found)} disagreements"
              + (f", {len(limits)} beyond edgelint's limits" if limits else "")
              + f" ({time.perf_counter() - start:.1f} s)")
        for d in found + limits:
            print(f"  {d}")
        if args.dump and found:
            args.dump.mkdir(parents=True, exist_ok=True)
            texts = {s.name: s for s in samples}
            for d in found:
                sample = texts[d.name]
                (args.dump / (d.name.replace("/", "_") + sample.suffix)).write_bytes(sample.data)
    print(f"total: {total} inputs compared with terraform, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

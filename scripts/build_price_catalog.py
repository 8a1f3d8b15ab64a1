#!/usr/bin/env python3
"""Build burnrate's bundled price catalog from LiteLLM's model price map.

Regenerate the committed catalog from the repository root with:

    python3 scripts/build_price_catalog.py ../shared/data/litellm-model-prices-2026-07-24.json

That writes src/main/resources/dev/burnrate/pricing/litellm-prices.tsv (pass --out PATH to write
elsewhere, --out - for stdout) and reports the number of entries on stderr. The effective date is
taken from the input file name (pass --effective YYYY-MM-DD when the name carries none).

What is kept: entries that are models (they have `litellm_provider`; `sample_spec` has none), whose
mode is chat or completion (or missing), and that have both an input and an output price per token.
Entries without token prices (subscription-only offerings such as github_copilot/*) are dropped:
the catalog has nothing to multiply, and "unpriced" must stay distinguishable from "$0".

Prices stay USD per token and keep the source's exact decimal text: the JSON is parsed with
parse_float=Decimal and written in plain notation (3E-7 becomes 0.0000003), never through float.

Only the Python standard library is used. The source is MIT licensed, Copyright (c) 2023 Berri AI;
the notice travels in the generated file's header and in the NOTICE file beside it.
"""

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

DEFAULT_OUT = (Path(__file__).resolve().parent.parent
               / "src/main/resources/dev/burnrate/pricing/litellm-prices.tsv")

KEPT_MODES = {"chat", "completion", None}

# Our column -> LiteLLM field; "{t}" is the entry's long-context threshold (e.g. 200k).
RATE_COLUMNS = [
    ("input", "input_cost_per_token"),
    ("output", "output_cost_per_token"),
    ("cache_read", "cache_read_input_token_cost"),
    ("cache_write", "cache_creation_input_token_cost"),
    ("cache_write_1h", "cache_creation_input_token_cost_above_1hr"),
    ("long_input", "input_cost_per_token_above_{t}_tokens"),
    ("long_output", "output_cost_per_token_above_{t}_tokens"),
    ("long_cache_read", "cache_read_input_token_cost_above_{t}_tokens"),
    ("long_cache_write", "cache_creation_input_token_cost_above_{t}_tokens"),
    ("long_cache_write_1h", "cache_creation_input_token_cost_above_1hr_above_{t}_tokens"),
    ("batch_input", "input_cost_per_token_batches"),
    ("batch_output", "output_cost_per_token_batches"),
    ("priority_input", "input_cost_per_token_priority"),
    ("priority_output", "output_cost_per_token_priority"),
    ("priority_cache_read", "cache_read_input_token_cost_priority"),
    ("priority_cache_write", "cache_creation_input_token_cost_priority"),
    ("priority_long_input", "input_cost_per_token_above_{t}_tokens_priority"),
    ("priority_long_output", "output_cost_per_token_above_{t}_tokens_priority"),
    ("priority_long_cache_read", "cache_read_input_token_cost_above_{t}_tokens_priority"),
]

COLUMNS = (["model", "provider", "mode"] + [RATE_COLUMNS[i][0] for i in range(5)]
           + ["long_context_above"] + [c for c, _ in RATE_COLUMNS[5:]])

THRESHOLD = re.compile(r"_above_(\d+)k_tokens")


def decimal_text(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise SystemExit(f"{where}: expected a number, got {value!r}")
    if value < 0:
        raise SystemExit(f"{where}: negative price {value}")
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def long_context_threshold(name, entry):
    found = {m.group(1) for field in entry for m in [THRESHOLD.search(field)] if m}
    if len(found) > 1:
        raise SystemExit(f"{name}: several long-context thresholds {sorted(found)}; extend the schema")
    return found.pop() if found else None


def rows(source):
    for name in sorted(source):
        entry = source[name]
        if not isinstance(entry, dict) or "litellm_provider" not in entry:
            continue
        if entry.get("mode") not in KEPT_MODES:
            continue
        if entry.get("input_cost_per_token") is None or entry.get("output_cost_per_token") is None:
            continue
        if any(c in name for c in "\t\r\n") or name != name.strip():
            raise SystemExit(f"{name!r}: model name with whitespace cannot go into the TSV")
        threshold = long_context_threshold(name, entry)
        cells = {"model": name, "provider": entry["litellm_provider"], "mode": entry.get("mode") or "",
                 "long_context_above": str(int(threshold) * 1000) if threshold else ""}
        for column, field in RATE_COLUMNS:
            if "{t}" in field:
                if threshold is None:
                    cells[column] = ""
                    continue
                field = field.format(t=threshold + "k")
            value = entry.get(field)
            cells[column] = "" if value is None else decimal_text(value, f"{name}.{field}")
        yield "\t".join(cells[c] for c in COLUMNS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="LiteLLM model_prices_and_context_window.json snapshot")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output path, or - for stdout")
    parser.add_argument("--effective", help="effective date YYYY-MM-DD (default: from the input name)")
    args = parser.parse_args()

    effective = args.effective
    if effective is None:
        match = re.search(r"\d{4}-\d{2}-\d{2}", args.input.name)
        if not match:
            raise SystemExit(f"{args.input.name} carries no YYYY-MM-DD date; pass --effective")
        effective = match.group(0)

    with args.input.open(encoding="utf-8") as f:
        source = json.load(f, parse_float=Decimal)
    body = list(rows(source))
    header = [
        "# burnrate price catalog: USD per token, chat and completion models.",
        "# Derived from LiteLLM's model_prices_and_context_window.json (https://github.com/BerriAI/litellm).",
        "# MIT License, Copyright (c) 2023 Berri AI; the full notice is in NOTICE beside this file.",
        "# Generated by scripts/build_price_catalog.py; edit the script, not this file.",
        "#@source=litellm",
        f"#@effective={effective}",
        f"#@entries={len(body)}",
        "\t".join(COLUMNS),
    ]
    text = "\n".join(header + body) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    print(f"{len(body)} entries", file=sys.stderr)


if __name__ == "__main__":
    main()

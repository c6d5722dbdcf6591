#!/usr/bin/env python3
"""Sets the same texts with samizdat and with the typst peer and prints the page measures side by side.

usage: scripts/typeset-bench.py [--out DIR] [--archive N] [--jobs J] [--bin PATH] [--per-text]
                                [--no-typst] [--json FILE]

Texts: the two seeds, the 12 pages of ../shared/corpora/mia/ and N (default 30) pages of
../shared/corpora/archive/txt/ (every (300/N)th of the sorted list, so the sample is fixed).
For each text: `samizdat build TEXT --format pdf`, `samizdat import TEXT -o TEXT.md` and
../shared/tools/typst-peer/mk_typst.py on that manuscript (so both set the same words on the
same page), then ../shared/tools/lib/check_pdf.py on both PDFs. The typst PDFs are kept in
DIR/typst and reused while the manuscript is unchanged (typst is the slow half).

Measures (summed over the texts): hyphenated line ends (% of body lines), paragraphs whose
next-to-last line ends in a hyphen (% of paragraphs of two lines or more), pages ending a line
or more short (not a part's last) and the lines missing, pages more than 2 lines short,
facing pages whose last lines differ by more than half a line, loose / tight / overfull lines,
widows, orphans, notes off their reference's page, lines starting with a dash, hyphenated
capitalized words, hyphen fragments under 2/3 letters.  Last line: a one-line summary.
--no-typst sets samizdat's side only; --json writes the totals ({"samizdat": {...}, "typst":
{...}}) for tests/typesetting.rs, which holds today's figures as thresholds.
"""
import argparse
import contextlib
import hashlib
import io
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
sys.path.insert(0, os.path.join(SHARED, "tools", "lib"))
import check_pdf  # noqa: E402  (the shared checker, used as a library)

TYPST_PEER = os.path.join(SHARED, "tools", "typst-peer", "mk_typst.py")


def texts(n_archive):
    seeds = sorted(os.path.join(ROOT, "seeds", f) for f in os.listdir(os.path.join(ROOT, "seeds")) if f.endswith(".txt"))
    mia_dir = os.path.join(SHARED, "corpora", "mia")
    mia = sorted(os.path.join(mia_dir, f) for f in os.listdir(mia_dir) if f.endswith(".txt"))
    arc_dir = os.path.join(SHARED, "corpora", "archive", "txt")
    arc = sorted(os.path.join(arc_dir, f) for f in os.listdir(arc_dir) if f.endswith(".txt"))
    step = max(1, len(arc) // n_archive) if n_archive else len(arc) + 1
    return seeds + mia + arc[::step][:n_archive]


def measure(pdf, md):
    """check_pdf over one PDF -> the bench's figures (the checker's own, plus paragraphs)."""
    out = io.StringIO()
    js = pdf + ".json"
    with contextlib.redirect_stdout(out):
        check_pdf.main([pdf, md, "--json", js])
    import json
    res = json.load(open(js))
    ty, ex = res["typo"], res["extra"]
    ws, pf, mi = ex["word_spaces"], ex["page_fill"] or {}, ex["misc"]
    T = check_pdf._TYPO_PAGES
    # paragraphs: a body line short of the measure ends one; it is a paragraph of two lines
    # or more when the body line before it is full; that line is its next-to-last
    pars = penult = tail_alone = 0
    seq = [l for pg in T["pages"] for l in pg["lines"] if T["isbody"](l)] if T else []
    for a, b in zip(seq, seq[1:]):
        if T["full"](a) and not T["full"](b):
            pars += 1
            if check_pdf.HYPH_END.search(a["text"]) and not re.search(r"[–—]$", a["text"]):
                penult += 1
                if len(b["ws"]) == 1:
                    tail_alone += 1
    short = pf.get("short_pages", [])
    return {
        "body_lines": ws.get("body_lines", 0), "hyph": ws.get("hyphen_end_lines", 0),
        "pars": pars, "penult": penult, "tail_alone": tail_alone,
        "short_pages": len(short), "short_lines": sum(d for _, d in short),
        "short_gt2": sum(1 for _, d in short if d > 2),
        "spreads": pf.get("spreads", 0), "spreads_apart": pf.get("spreads_differ_half_line", 0),
        "loose": len(ty.get("loose", [])), "tight": len(ty.get("tight", [])),
        "overfull": len(ty.get("overfull", [])), "widows": len(ty.get("widows", [])),
        "orphans": len(ty.get("orphans", [])), "notes_off": len(ex["notes"]["off_page"]),
        "notes": ex["notes"]["refs"], "dash_first": len(mi["dash_start"]),
        "capital_hyph": len(mi["capital_hyphen"]), "short_frag": len(mi["short_fragments"]),
        "pages": res["info"]["pages"],
    }


def one(args, path):
    name = os.path.splitext(os.path.basename(path))[0]
    d = os.path.join(args.out, name)
    os.makedirs(d, exist_ok=True)
    md = os.path.join(d, name + ".md")
    subprocess.run([args.bin, "import", path, "-o", md], check=True, capture_output=True)
    subprocess.run([args.bin, "build", path, "--format", "pdf", "--out", d], check=True, capture_output=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    ours = [os.path.join(d, f) for f in os.listdir(d) if f.endswith(".pdf") and not f.startswith("typst-")][0]
    if args.no_typst:
        return name, ours, None, md
    digest = hashlib.sha256(open(md, "rb").read()).hexdigest()[:16]
    typ = os.path.join(d, f"typst-{digest}.pdf")
    if not os.path.exists(typ):
        subprocess.run([sys.executable, TYPST_PEER, md, typ], check=True, capture_output=True)
    return name, ours, typ, md


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/typeset-bench")
    ap.add_argument("--archive", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "samizdat"))
    ap.add_argument("--per-text", action="store_true", help="print each text's figures too")
    ap.add_argument("--no-typst", action="store_true", help="set samizdat's side only")
    ap.add_argument("--json", help="write the totals here")
    args = ap.parse_args()
    paths = texts(args.archive)
    with ThreadPoolExecutor(args.jobs) as pool:
        built = list(pool.map(lambda p: one(args, p), paths))
    tot = {"samizdat": {}, "typst": {}}
    seeds = {"samizdat": {}, "typst": {}}
    for name, ours, typ, md in built:  # check_pdf keeps module state: one at a time
        for who, pdf in (("samizdat", ours), ("typst", typ)):
            if pdf is None:
                continue
            m = measure(pdf, md)
            for k, v in m.items():
                tot[who][k] = tot[who].get(k, 0) + v
                if "seeds" in os.path.dirname(paths[[b[0] for b in built].index(name)]):
                    seeds[who][k] = seeds[who].get(k, 0) + v
            if args.per_text:
                print(f"{name[:40]:40} {who:8} " + " ".join(f"{k}={v}" for k, v in m.items()))
    if args.json:
        import json
        json.dump(tot, open(args.json, "w"), indent=1)
    if args.no_typst:
        tot["typst"] = {k: 0 for k in tot["samizdat"]}
        seeds["typst"] = {k: 0 for k in seeds["samizdat"]}
    pct = lambda a, b: f"{100 * a / b:.1f} %" if b else "-"
    rows = [
        ("lines ending in a hyphen", lambda t: pct(t["hyph"], t["body_lines"])),
        ("  seeds only", None),
        ("paragraphs with hyphenated next-to-last line", lambda t: f"{pct(t['penult'], t['pars'])} ({t['penult']})"),
        ("  ... and its tail one word alone", lambda t: str(t["tail_alone"])),
        ("pages >= 1 line short / lines missing", lambda t: f"{t['short_pages']} / {t['short_lines']:.1f}"),
        ("pages > 2 lines short", lambda t: str(t["short_gt2"])),
        ("facing pages > 0.5 line apart / spreads", lambda t: f"{t['spreads_apart']} / {t['spreads']}"),
        ("loose lines", lambda t: str(t["loose"])),
        ("tight lines", lambda t: str(t["tight"])),
        ("overfull lines", lambda t: str(t["overfull"])),
        ("widows / orphans", lambda t: f"{t['widows']} / {t['orphans']}"),
        ("notes off their page / notes", lambda t: f"{t['notes_off']} / {t['notes']}"),
        ("lines starting with a dash", lambda t: str(t["dash_first"])),
        ("hyphenated capitalized words", lambda t: str(t["capital_hyph"])),
        ("hyphen fragments < 2 / < 3 letters", lambda t: str(t["short_frag"])),
        ("pages", lambda t: str(t["pages"])),
    ]
    print(f"| measure ({len(paths)} texts) | samizdat | typst |")
    print("|---|---|---|")
    for label, f in rows:
        if f is None:
            s, t = (pct(seeds[w]["hyph"], seeds[w]["body_lines"]) for w in ("samizdat", "typst"))
        else:
            s, t = f(tot["samizdat"]), f(tot["typst"])
        print(f"| {label} | {s} | {t} |")
    S, T = tot["samizdat"], tot["typst"]
    print(f"typeset-bench: {len(paths)} texts; hyphen ends {pct(S['hyph'], S['body_lines'])} vs {pct(T['hyph'], T['body_lines'])}; "
          f"short pages {S['short_pages']} vs {T['short_pages']}; spreads apart {S['spreads_apart']} vs {T['spreads_apart']}; "
          f"loose {S['loose']} vs {T['loose']}; overfull {S['overfull']}; widows {S['widows']}; orphans {S['orphans']}; notes off {S['notes_off']}")


if __name__ == "__main__":
    main()

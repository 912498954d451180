"""The ``aliasdb`` command: lookup, resolve, explain, check, annotate, build, fmt, show, serve. Errors are one line,
never a traceback."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence

from aliasdb.index.validate import CorruptIndex
from aliasdb.kinds import KINDS
from aliasdb.limits import MAX_TEXT_BYTES, RESOLVED_KEPT, STREAM_CHUNK
from aliasdb.model import Match
from aliasdb.resolver.front import AliasDB
from aliasdb.table.read import TableError

TYPE_CHECKING = False  # typing's, without importing typing: a one-shot lookup would pay for it
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

#: Exit statuses: a match; no match; a usage or data error (the user's to fix); a bug of aliasdb's.
EXIT_OK, EXIT_NONE, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


class UserError(Exception):
    """A mistake of the user's: reported as ``Error: …`` with exit status 2."""


def _open_db(path: str | None) -> AliasDB:
    try:
        return AliasDB.load(path) if path else AliasDB.default()
    except TableError as exc:
        raise UserError(_problems(exc)) from None


def _problems(exc: TableError) -> str:
    """One line: the first problem, and how many more (``aliasdb check`` lists them all)."""
    first = exc.problems[0] if exc.problems else "no entities"
    more = len(exc.problems) - 1
    text = f"the table cannot be loaded: {first}"
    if more > 0:
        path = getattr(exc.problems[0], "path", "")
        text += f" (and {more} more problem{'s' * (more > 1)}: aliasdb check {path})"
    return " ".join(text.split("\n"))


def _forget(exc: CorruptIndex) -> str:
    """Remove a cache entry found corrupted (the next run builds it anew); what to tell the user."""
    from aliasdb.index import store

    path = str(exc).split(": corrupted content")[0]
    folder = store.cache_dir()
    if folder and os.path.isfile(path) and os.path.dirname(os.path.realpath(path)) == os.path.realpath(folder):
        try:
            os.unlink(path)
            return "it was a cached copy, now removed: run the command again to rebuild it"
        except OSError:
            pass
    return "rebuild it (aliasdb build TABLE -o INDEX)"


def _emit(out: TextIO, text: str) -> None:
    out.write(text + "\n")


def _match_fields(m: Match | None) -> list[str]:
    if m is None:
        return ["", "", "", "", ""]
    return [m.id, m.name, m.kind, f"{m.score:.2f}", m.method]


def cmd_lookup(args: argparse.Namespace) -> int:
    db = _open_db(args.aliases)
    out = sys.stdout
    if args.name is not None:
        match = db.resolve(args.name, kind=args.kind, threshold=args.threshold)
        if args.json:
            record: dict[str, Any] = {"query": args.name, "match": match.to_dict() if match else None}
            if match is None:
                record["candidates"] = [c.to_dict() for c in db.candidates(args.name, kind=args.kind, threshold=args.threshold)]
            _emit(out, json.dumps(record, ensure_ascii=False))
        elif match:
            _emit(out, f"{match.id}\t{match.name}\t{match.kind}\t{match.score:.2f}\t{match.method}\t{match.alias}")
        else:
            near = db.candidates(args.name, kind=args.kind, threshold=args.threshold)
            _emit(out, f"no confident match for {args.name!r}")
            for c in near:
                _emit(out, f"  candidate: {c.id}\t{c.name}\t{c.score:.2f}\t{c.method}")
        return EXIT_OK if match else EXIT_NONE
    if sys.stdin is None or sys.stdin.isatty():
        raise UserError("give a NAME, or names on standard input, one per line")
    from aliasdb.many.records import read_lines

    matched = bad = 0
    known: dict[str, Match | None] = {}  # (a column of names repeats them: each resolved once, as by resolve)
    for n, name, error in read_lines(sys.stdin.buffer):
        if name is None:
            print(f"aliasdb: {error}", file=sys.stderr)
            bad += 1
            match = None
        else:
            match = known[name] if name in known else db.resolve(name, kind=args.kind, threshold=args.threshold)
            if len(known) < RESOLVED_KEPT:
                known[name] = match
            matched += match is not None
        if args.json:
            rec: dict[str, Any] = {"line": n, "query": name, "match": match.to_dict() if match else None}
            if match is None and name is not None:  # as the single-name form gives them
                rec["candidates"] = [c.to_dict() for c in db.candidates(name, kind=args.kind)]
            if error:
                rec["error"] = error
            _emit(out, json.dumps(rec, ensure_ascii=False))
        else:
            _emit(out, "\t".join([(name or "").replace("\t", " ")] + _match_fields(match)))
    if bad:
        return EXIT_ERROR
    return EXIT_OK if matched else EXIT_NONE




class _Progress:
    """A tqdm bar of records done on stderr, or nothing; messages go above the bar."""

    def __init__(self, on: bool, total: int | None = None):
        self.bar: Any = None
        if on:
            from tqdm import tqdm  # only when a bar is shown: a plain run needs no import

            self.bar = tqdm(unit=" names", file=sys.stderr, mininterval=0.5, dynamic_ncols=True, total=total)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def advance(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _count_lines(path: str, header: bool) -> int | None:
    """The records a regular file holds, for the bar's percentage and time left (a line each;
    a CSV's header not counted): one pass over its bytes, far quicker than resolving them."""
    try:
        if not os.path.isfile(path):
            return None
        n, last = 0, b"\n"
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return None
    n += last != b"\n"
    return max(n - header, 0)


def _chunks(records: Iterator[Any], size: int, known: dict[str, Any]) -> Iterator[tuple[list[Any], list[str | None]]]:
    """Records in chunks, each with the names to resolve: those not already ``known`` (resolved
    in an earlier chunk; read as chunks are taken, so as the answers come in)."""
    def unknown(chunk: list[Any]) -> list[str | None]:
        return [None if r.name in known else r.name for r in chunk]

    chunk: list[Any] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk, unknown(chunk)
            chunk = []
    if chunk:
        yield chunk, unknown(chunk)


def _interrupted(signum: int, frame: object) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def cmd_resolve(args: argparse.Namespace) -> int:
    import signal

    from aliasdb.many.passthrough import CsvPassThrough, JsonLinesPassThrough
    from aliasdb.many.pool import WorkerError, map_chunks
    from aliasdb.many.records import InputError, Lines

    if args.jobs > 1:  # the first Ctrl-C stops the run; later ones, landing in the
        signal.signal(signal.SIGINT, _interrupted)  # workers' shutdown or finalizers, would be tracebacks
    db = _open_db(args.aliases)
    if args.file in (None, "-"):
        if args.file is None and (sys.stdin is None or sys.stdin.isatty()):
            raise UserError("give a FILE, or names on standard input, one per line")
        stream: Any = sys.stdin.buffer
    else:
        try:
            stream = open(args.file, "rb")  # noqa: SIM115 (closed when the run ends)
        except OSError as exc:
            raise UserError(f"{args.file}: cannot read: {exc.strerror or exc}") from None
    fmt: Any = CsvPassThrough(args.csv) if args.csv is not None else \
        JsonLinesPassThrough(args.jsonl) if args.jsonl is not None else Lines()
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # the output is UTF-8 whatever the locale
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    total = _count_lines(args.file, args.csv is not None) if show and args.file not in (None, "-") else None
    progress = _Progress(show, total)
    bad = 0
    results: Any = None
    try:
        try:
            records = fmt.start(stream, sys.stdout)
            # a column of names repeats them: each distinct name is resolved once (up to RESOLVED_KEPT
            # of them kept; none is ever dropped, so a name sent as known is known when written)
            known: dict[str, Any] = {}
            results = map_chunks(db, _chunks(records, STREAM_CHUNK, known), kind=args.kind, workers=args.jobs)
            for chunk, matches in results:
                for record, match in zip(chunk, matches, strict=True):
                    if record.name is not None:
                        if record.name in known:
                            match = known[record.name]
                        elif len(known) < RESOLVED_KEPT:
                            known[record.name] = match
                    if match is not None and match.score < args.threshold:
                        match = None  # (below the caller's threshold: as resolve(..., threshold=) answers)
                    if record.error:
                        progress.say(f"aliasdb: {record.error}")
                        bad += 1
                    fmt.write(record, match)
                progress.advance(len(chunk))
        except InputError as exc:
            raise UserError(f"{args.file or '<stdin>'}: {exc}") from None
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            raise UserError(f"{args.file or '<stdin>'}: {exc.strerror or exc}") from None
        except WorkerError as exc:
            raise UserError(f"{exc}; try fewer -j") from None
    finally:
        if results is not None:
            results.close()  # (at once: an interrupted run's workers are stopped before anything else)
        progress.close()
        stream.close()
        if hasattr(fmt, "close"):
            fmt.close()  # (the temporary file of long records)
    return EXIT_ERROR if bad else EXIT_OK


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more, not {text!r}")
    return n


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        import argparse

        raise argparse.ArgumentTypeError(f"expected a score from 0 to 1, not {text!r}")
    return value


def _format_explain(t: dict[str, Any]) -> list[str]:
    lines = [f"query:       {t['query']!r}", f"exact form:  {t['exact_form']!r}", f"normalized:  {t['normalized']!r}"]
    for i, variant in enumerate(t["variants"]):
        label = "parts:" if i == 0 else "no titles:"
        lines.append(f"{label:<13}" + " | ".join(p["text"] for p in variant))
        for p in variant:
            flags = " ".join(k for k in ("patronymic", "initial") if p.get(k))
            lines.append(f"  {p['text']!r}: normalized {p['normalized']!r}, skeleton {p['skeleton']!r}, "
                         f"keys {', '.join(p['keys']) or '-'}, phonetic {', '.join(p['phonetic']) or '-'}"
                         + (f" ({flags})" if flags else ""))
    lines.append(f"aligned aliases: {len(t['aligned'])}")
    for a in t["aligned"][:25]:
        pairs = ", ".join(f"{p[0]}~{p[1]} [{p[2]}{': ' + p[3] if len(p) > 3 else ''}]" for p in a["pairs"])
        lines.append(f"  {a['id']:<34} {a['alias']!r:<32} {a['tier']:<24} {pairs}")
    if len(t["aligned"]) > 25:
        lines.append(f"  ... {len(t['aligned']) - 25} more")
    if t["candidates"]:
        lines.append("names read as:")  # (issue 17: the language of each candidate's names, and why)
        lines.extend(f"  {c['id']:<34} {c['language']} ({c['language_why']})" for c in t["candidates"])
    lines.append("candidates:")
    for c in t["candidates"]:
        facts = ", ".join(f for f in (c.get("lang"), "weak" if c.get("weak") else None) if f)  # (issue #20)
        cal = c["calibration"]  # (the evidence class and what was counted for it: match/calibration.py)
        lines.append(f"  {c['id']:<34} score {c['score']:.2f}  {c['tier']:<24} via {c['alias']!r}"
                     + (f" ({facts})" if facts else "") + f"  [{cal['class']}: {cal['right']} right, {cal['wrong']} wrong]")
    if not t["candidates"]:
        lines.append("  none")
    r = t["result"]
    lines.append(f"result:      {r['id'] if r else None}  ({t['reason']})")
    return lines


def cmd_explain(args: argparse.Namespace) -> int:
    db = _open_db(args.aliases)
    trace = db.explain(args.name, kind=args.kind)
    if args.json:
        _emit(sys.stdout, json.dumps(trace, ensure_ascii=False))
    else:
        for line in _format_explain(trace):
            _emit(sys.stdout, line)
    return EXIT_OK if trace["result"] else EXIT_NONE


def cmd_check(args: argparse.Namespace) -> int:
    from aliasdb.table.check import check_table, summary

    if len(args.path) > 1 or not args.path:  # (issue #20) several tables checked as one; none: the shipped set
        from aliasdb.resolver.places import check_tables, default_table_files

        paths = args.path or default_table_files()
        problems, entities = check_tables(paths)
        path = " + ".join(paths)
    else:
        path = args.path[0]
        problems, entities = check_table(path)
    if args.json:
        _emit(sys.stdout, json.dumps({"path": path, "problems": [p.__dict__ for p in problems],
                                      "summary": summary(entities)}, ensure_ascii=False))
    else:
        for p in problems:
            _emit(sys.stdout, str(p))
        s = summary(entities)
        _emit(sys.stdout, f"{path}: {s['entities']} entities ("
              + ", ".join(f"{k} {v}" for k, v in s["kinds"].items()) + "), "
              + f"{s['aliases']} aliases (" + ", ".join(f"{k} {v}" for k, v in s["scripts"].items()) + ")")
        _emit(sys.stdout, f"{len(problems)} problem(s)" if problems else "ok: no problems")
    return EXIT_ERROR if problems else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    import time

    started = time.perf_counter()
    try:
        db = AliasDB.load(args.table, cache=False)
    except TableError as exc:
        raise UserError(_problems(exc)) from None
    from pathlib import Path

    out = Path(args.output)
    if out.is_dir() or args.output.endswith(("/", os.sep)):
        raise UserError(f"{args.output} names a folder; give the index file's path, e.g. {out / 'table.adbx'}")
    if out.exists() and os.path.samefile(out, args.table):
        raise UserError(f"{args.output} is the table itself; give another path for the index")
    try:
        db.save(out)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    summary = {"index": str(out), "table": args.table, "entities": len(db), "bytes": out.stat().st_size,
               "seconds": round(time.perf_counter() - started, 3)}
    if args.json:
        _emit(sys.stdout, json.dumps(summary, ensure_ascii=False))
    else:
        _emit(sys.stdout, f"{out}: {len(db)} entities, {summary['bytes'] / 1e6:.1f} MB, built in {summary['seconds']:.1f} s")
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from aliasdb.table.fmt import FormatError, format_file, write_file
    from aliasdb.table.read import read_table, table_format

    path = args.path
    if table_format(path) != "yaml":
        raise UserError(f"{path}: fmt rewrites YAML tables only, and this is a {table_format(path)} table")
    _, problems = read_table(path)
    if problems:
        raise UserError(_problems(TableError(problems)).replace("cannot be loaded", "cannot be formatted until it loads"))
    try:
        text, pretty = format_file(path)
        changed = pretty != text
        if args.check:
            if args.json:
                _emit(sys.stdout, json.dumps({"path": path, "formatted": not changed}))
            elif changed:
                _emit(sys.stdout, f"{path}: not in canonical form; run: aliasdb fmt {path}")
            return EXIT_ERROR if changed else EXIT_OK
        if changed:
            write_file(path, pretty)
    except FormatError as exc:
        raise UserError(str(exc)) from None
    if args.json:
        _emit(sys.stdout, json.dumps({"path": path, "changed": changed}))
    else:
        _emit(sys.stdout, f"{path}: {'reformatted' if changed else 'already canonical'}")
    return EXIT_OK


def _replace(text: str, mentions: list[Any], how: str) -> str:
    out, pos = [], 0
    for m in mentions:
        out.append(text[pos : m.start])
        out.append(f"[[{m.id}|{m.text}]]" if how == "id" else m.name)
        pos = m.end
    out.append(text[pos:])
    return "".join(out)




def cmd_annotate(args: argparse.Namespace) -> int:
    from aliasdb.table.read import read_at_most

    if args.replace and args.format:
        raise UserError("--replace writes the text itself: --format and --json do not apply to it")
    if not args.files and (sys.stdin is None or sys.stdin.isatty()):
        raise UserError("give a FILE, or text on standard input")
    db = _open_db(args.aliases)
    kinds = [args.kind] if args.kind else None
    sources = args.files or ["-"]
    failed = 0
    for source in sources:
        try:
            if source == "-":
                raw = read_at_most(sys.stdin.buffer, MAX_TEXT_BYTES)
            else:
                with open(source, "rb") as f:
                    raw = read_at_most(f, MAX_TEXT_BYTES)
        except OSError as exc:
            print(f"aliasdb: {source}: cannot read: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
            continue
        if len(raw) > MAX_TEXT_BYTES:  # (read no further: a device or an endless pipe has no size to check first)
            print(f"aliasdb: {source}: more than {MAX_TEXT_BYTES:,} bytes; file skipped: split it", file=sys.stderr)
            failed += 1
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            if not args.replace:  # (offsets into text that is not text: skipped)
                print(f"aliasdb: {source}: line {line}: not valid UTF-8 (byte {exc.start}); file skipped", file=sys.stderr)
                failed += 1
                continue
            # --replace: the text is still written; the invalid bytes, kept aside as they were read,
            # are written back unchanged (a name is never found across one)
            print(f"aliasdb: {source}: line {line}: not valid UTF-8 (byte {exc.start}); its invalid bytes are "
                  "written back unchanged", file=sys.stderr)
            text = raw.decode("utf-8", "surrogateescape")
        mentions = db.annotate(text, kinds=kinds, threshold=args.threshold)
        name = "<stdin>" if source == "-" else source
        if args.replace:
            sys.stdout.flush()
            sys.stdout.buffer.write(_replace(text, mentions, args.replace).encode("utf-8", "surrogateescape"))
        elif args.format == "tsv":
            for m in mentions:
                fields = [name, str(m.start), str(m.end), m.text.replace("\t", " ").replace("\n", " "), m.id, m.name,
                          m.kind, f"{m.score:.2f}"]
                _emit(sys.stdout, "\t".join(fields))
        else:
            for m in mentions:
                _emit(sys.stdout, json.dumps({"file": name, **m.to_dict()}, ensure_ascii=False))
    return EXIT_ERROR if failed else EXIT_OK


#: The commands, as the parser names them.
COMMANDS = ("lookup", "resolve", "explain", "check", "annotate", "build", "fmt", "show", "serve", "import")


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only``: with that command's subparser alone (argparse takes a few
    milliseconds a command to build, a good part of a one-shot lookup)."""

    import argparse  # (not on import: the one-shot lookup below does without it)

    def wanted(command: str) -> bool:
        return only is None or only == command

    # (no abbreviated options: `resolve --json` would be read as --jsonl and take the file for its field)
    p = argparse.ArgumentParser(prog="aliasdb", description="Resolve Russian, Ukrainian and Korean names to canonical ids.",
                                allow_abbrev=False, epilog="Exit status: 0 a match (or a run without errors), 1 no match, "
                                "2 a usage or data error, 3 an internal error (a bug: please report it).")
    p.add_argument("--version", action="version", version=f"aliasdb {__import__('aliasdb').__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--kind", choices=KINDS, help="only entities of this kind")
        sp.add_argument("--aliases", metavar="PATH", help="alias table to use instead of the shipped one")
        sp.add_argument("--json", action="store_true", help="print JSON (JSON lines for many names)")

    def threshold(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--threshold", type=_threshold, default=0.0, metavar="SCORE",
                        help="no match scoring below this (0 to 1; default 0: every match)")

    if wanted("lookup"):
        lk = sub.add_parser("lookup", allow_abbrev=False, help="resolve a name (or names on stdin, one per line)",
                            description="Resolve NAME, or each line of standard input. Exit 0 on a match "
                            "(with stdin: on at least one), 1 on none, 2 on an error.")
        lk.add_argument("name", nargs="?", metavar="NAME")
        common(lk)
        threshold(lk)
        lk.set_defaults(func=cmd_lookup)
    if wanted("resolve"):
        rs = sub.add_parser("resolve", allow_abbrev=False, help="resolve a stream of names: lines, CSV or JSON lines",
                            description="Resolve every record of FILE (standard input when none is given), in order, "
                            "one output record per input record. Plain lines in: JSON lines out with line, query, "
                            "aliasdb_id, aliasdb_name, aliasdb_score, aliasdb_method. --csv COLUMN: the CSV with those "
                            "four columns appended. --jsonl FIELD: each object with those four keys added. A record that "
                            "cannot be read is reported on stderr with its line and written unresolved; the exit status "
                            "is then 2, else 0.")
        rs.add_argument("file", nargs="?", metavar="FILE", help="input file (default: standard input)")
        how = rs.add_mutually_exclusive_group()
        how.add_argument("--csv", metavar="COLUMN", help="read CSV with a header row; resolve this column")
        how.add_argument("--jsonl", metavar="FIELD", help="read one JSON object per line; resolve this field")
        rs.add_argument("--kind", choices=KINDS, help="only entities of this kind")
        rs.add_argument("--aliases", metavar="PATH", help="alias table to use instead of the shipped one")
        threshold(rs)
        rs.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                        help="worker processes (default 1); each loads the table once, output order is kept")
        rs.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar on stderr (default: when stderr is a terminal)")
        rs.set_defaults(func=cmd_resolve)
    if wanted("explain"):
        ex = sub.add_parser("explain", allow_abbrev=False, help="show each step of the decision for a name",
                            description="Show normalized forms, keys, aligned aliases, candidates and the result.")
        ex.add_argument("name", metavar="NAME")
        common(ex)
        ex.set_defaults(func=cmd_explain)
    if wanted("check"):
        ck = sub.add_parser("check", allow_abbrev=False, help="lint an alias table",
                            description="Validate a table; one line per problem.")
        ck.add_argument("path", nargs="*", metavar="PATH",
                        help="table files, checked as one table (default: the shipped aliases.yaml and places/*.yaml)")
        ck.add_argument("--json", action="store_true", help="print the problems and summary as JSON")
        ck.set_defaults(func=cmd_check)
    if wanted("annotate"):
        an = sub.add_parser("annotate", allow_abbrev=False, help="find the table's names in running text",
                            description="Mark every mention of a known entity in text files (standard input when none "
                            "is given): JSON lines with file, start, end, text, id, name, kind, score; or TSV; or the "
                            "text rewritten. Unreadable files are reported and skipped; the exit status is then 2.")
        an.add_argument("files", nargs="*", metavar="FILE")
        an.add_argument("--kind", choices=KINDS, help="only entities of this kind")
        an.add_argument("--aliases", metavar="PATH", help="alias table to use instead of the shipped one")
        threshold(an)
        an.add_argument("--format", choices=["json", "tsv"], help="output format (default JSON lines)")
        an.add_argument("--json", action="store_const", const="json", dest="format", help="JSON lines (the default)")
        an.add_argument("--replace", nargs="?", const="name", choices=["name", "id"],
                        help="write the text with each mention rewritten as its canonical name, or as [[id|surface]]")
        an.set_defaults(func=cmd_annotate)
    if wanted("build"):
        bd = sub.add_parser("build", allow_abbrev=False, help="compile a table to an index file",
                            description="Compile TABLE (.yaml, .yml, .jsonl or .csv) to an index file that loads in "
                            "milliseconds: pass it wherever a table goes (--aliases INDEX, AliasDB.load(INDEX)).")
        bd.add_argument("table", metavar="TABLE")
        bd.add_argument("-o", "--output", required=True, metavar="INDEX", help="index file to write")
        bd.add_argument("--json", action="store_true", help="print the outcome as JSON")
        bd.set_defaults(func=cmd_build)
    if wanted("fmt"):
        fm = sub.add_parser("fmt", allow_abbrev=False, help="rewrite a table in its canonical form",
                            description="Sort entities by id and write keys and scalars one way; --check only reports.")
        fm.add_argument("path", metavar="PATH", help="table file")
        fm.add_argument("--check", action="store_true", help="exit 2 if the file is not canonical; change nothing")
        fm.add_argument("--json", action="store_true", help="print the outcome as JSON")
        fm.set_defaults(func=cmd_fmt)
    if wanted("show"):  # (issue #20; the command is aliasdb/table/show.py)
        from aliasdb.table.show import cmd_show

        sh = sub.add_parser("show", allow_abbrev=False, help="print an entity with its names by language, source and period",
                            description="Print the entity with id ID: its facts and external ids, then its names grouped by "
                            "language, source and period. --lang TAG: its name in that language first, and only the "
                            "names in that language. Exit 0, or 2 for an unknown id or a malformed tag.")
        sh.add_argument("id", metavar="ID")
        sh.add_argument("--lang", metavar="TAG", help="a BCP 47 language tag: en, fr, ru, uk, ko, ko-Hani ...")
        sh.add_argument("--aliases", metavar="PATH", help="alias table to use instead of the shipped one")
        sh.add_argument("--json", action="store_true", help="print the entity as JSON")
        sh.set_defaults(func=cmd_show)
    if wanted("serve"):  # (issue #19: options and logic in aliasdb/serve/command.py; Starlette imported on run only)
        from aliasdb.serve import command

        sv = sub.add_parser("serve", allow_abbrev=False, help="serve the table over HTTP (needs aliasdb[serve])",
                            description="An HTTP service: /resolve, /candidates, /explain, /entities/ID, /annotate, "
                            "the W3C Reconciliation API at /reconcile, a look-up page at /. SIGHUP reloads the table.")
        command.add_arguments(sv, _positive)
        sv.set_defaults(func=command.run)
    if wanted("import"):  # (issue #20: the importers' logic is aliasdb/importers/)
        im = sub.add_parser("import", allow_abbrev=False, help="build a table from open data (needs aliasdb[import])",
                            description="Write a table in aliasdb's format from the pinned open-data packages: "
                            "iso3166-2 (first-level divisions) or geonames (towns). Places that meet an entity of the "
                            "curated table are left out and listed on stderr for review.")
        im.add_argument("source", choices=["iso3166-2", "geonames"], metavar="SOURCE", help="iso3166-2 or geonames")
        im.add_argument("-o", "--output", required=True, metavar="TABLE", help="table file to write")
        im.add_argument("--curated", metavar="PATH", help="curated table to meet (default: the shipped aliases.yaml)")
        im.add_argument("--unpinned", action="store_true", help="import from a package version other than the pinned one")
        im.add_argument("--json", action="store_true", help="print the outcome as JSON")
        im.set_defaults(func=cmd_import)
    return p


def cmd_import(args: argparse.Namespace) -> int:
    from aliasdb.table.importers.run import command

    curated = args.curated or str(__import__("aliasdb").default_table_path())
    return command(args.source, args.output, curated, unpinned=args.unpinned, as_json=args.json)


def one_shot(given: Sequence[str]) -> Any:
    """The arguments of ``aliasdb lookup NAME`` with no option, as the parser would give them, without
    building it (importing and building argparse was a tenth of a one-shot lookup); None for any other
    command line, which the parser reads. tests/test_cli.py checks both agree."""
    if len(given) != 2 or given[0] != "lookup" or given[1].startswith("-"):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(command="lookup", name=given[1], kind=None, aliases=None, json=False, threshold=0.0,
                           func=cmd_lookup)


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    args = one_shot(given)
    if args is None:
        parser = _parser(given[0] if given and given[0] in COMMANDS else None)
        try:
            args = parser.parse_args(given)
        except SystemExit as exc:  # argparse has printed its usage message
            return EXIT_ERROR if exc.code else EXIT_OK
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_ERROR
    run: Callable[[argparse.Namespace], int] = args.func
    if hasattr(sys.stdout, "reconfigure"):  # a lone surrogate (a name of undecodable bytes) is written as \udcff:
        sys.stdout.reconfigure(errors="backslashreplace")  # readable, and in JSON a valid escape of the same
    try:
        return run(args)
    except UserError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C while exiting would be a traceback
        return 130
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except CorruptIndex as exc:  # (found as it was read: the file passed the checks on opening)
        print(f"Error: {exc}; {_forget(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # the system's refusal (a full disk, a closed output): the user's to fix
        print(f"Error: {exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line, and where to report it
        what = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        print(f"Error: internal error ({what}); this is a bug in aliasdb {__import__('aliasdb').__version__}: please "
              "report it with the command that caused it (set ALIASDB_TRACEBACK=1 to see where it happened)", file=sys.stderr)
        if os.environ.get("ALIASDB_TRACEBACK"):
            raise
        return EXIT_INTERNAL


def command() -> None:
    """The installed ``aliasdb`` script and ``python -m aliasdb``: ``main``; after a one-shot lookup, the
    output flushed and the process ended without Python's teardown of the loaded table object by
    object (a tenth of the run; nothing else is pending then: no file written, no worker started)."""
    code = main()
    if one_shot(sys.argv[1:]) is None:
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        print(f"Error: {exc.strerror or exc}", file=sys.stderr)
        code = EXIT_ERROR
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)


if __name__ == "__main__":
    command()

"""The ``consentry`` command line.

Exit codes: 0 allow, 1 deny, 2 review; 64 usage error, 65 bad input data, 66 missing input
file, 70 internal error, 78 bad policy/configuration.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from consentry.errors import ConsentryError, InputError, MissingExtraError, PolicyError

if TYPE_CHECKING:
    from consentry.gallery.store import GalleryStore

EXIT_ALLOW, EXIT_DENY, EXIT_REVIEW = 0, 1, 2
EXIT_USAGE, EXIT_DATAERR, EXIT_NOINPUT, EXIT_SOFTWARE, EXIT_CONFIG = 64, 65, 66, 70, 78
VERDICT_EXIT = {"allow": EXIT_ALLOW, "deny": EXIT_DENY, "review": EXIT_REVIEW}

# Other parts add their sub-commands here: each module has ``register(subparsers)``; the
# parser it adds sets ``func`` (args -> exit code). A module whose extra is missing is skipped.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "consentry.eval.command",
    "consentry.scan.cli",
    "consentry.image.cli",
    "consentry.service.cli",
    "consentry.service.dashboard.cli",
    "consentry.text.people_cli",
)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on a usage error, which is our 'review' code: use 64 instead."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class Style:
    """ANSI colours when writing to a terminal (and NO_COLOR is unset), plain text otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.on = stream.isatty() and "NO_COLOR" not in os.environ

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text


_FAMILY_COLOURS = {"person": "1;35", "sexual": "1;31", "minor": "1;33", "nudity": "1;31", "face": "1;35"}
_VERDICT_COLOURS = {"allow": "1;32", "review": "1;33", "deny": "1;31"}


def highlight(text: str, spans: Sequence[tuple[int, int, str]], style: Style) -> str:
    """The text with each span marked: coloured on a terminal, ``[[...]]`` otherwise."""
    out: list[str] = []
    pos = 0
    for start, end, family in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        piece = text[start:end]
        out.append(style(piece, _FAMILY_COLOURS.get(family, "1;4")) if style.on else f"[[{piece}]]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def render_decision(decision: object, prompt: str, negative: str, explain: bool, stream: TextIO) -> str:
    from consentry.types import Decision

    assert isinstance(decision, Decision)
    style = Style(stream)
    lines = [f"verdict: {style(decision.verdict.upper(), _VERDICT_COLOURS[decision.verdict])}"]
    if decision.message:
        lines.append(f"message: {decision.message}")
    if decision.rule_ids:
        lines.append(f"rules:   {', '.join(decision.rule_ids)}")
    if decision.report:
        lines.append("report:  yes (marked for reporting)")
    for field, text in (("prompt", prompt), ("negative_prompt", negative)):
        spans = [
            (f.span.start, f.span.end, f.family)
            for f in decision.findings
            if f.span is not None and f.span.field == field
        ]
        if spans:
            label = "prompt:  " if field == "prompt" else "negative:"
            lines.append(f"{label} {highlight(text, spans, style)}")
    shown = decision.findings if explain else [f for f in decision.findings if f.span or f.box][:8]
    if shown:
        lines.append("findings:")
        for f in shown:
            where = ""
            if f.span is not None:
                source = prompt if f.span.field == "prompt" else negative
                where = f" {f.span.text(source)!r}"
            elif f.box is not None:
                where = f" {f.box.image} ({f.box.x0},{f.box.y0})-({f.box.x1},{f.box.y1})"
            subject = f" -> {f.subject}" if f.subject else ""
            lines.append(f"  {f.kind:<18} {f.score:.2f}{where}{subject}  [{f.reason}; {f.detector}]")
    if explain:
        if decision.suppressed:
            lines.append("suppressed by the allow-list:")
            lines.extend(f"  {f.kind} {f.reason}" for f in decision.suppressed)
        lines.append("explanation:")
        lines.extend(f"  {line}" for line in decision.explanation)
        lines.append(f"policy:  {decision.policy_version}; {decision.elapsed_ms:.2f} ms")
    return "\n".join(lines)


def _read_prompt(value: str, name: str) -> str:
    if value != "-":
        return value
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} from standard input is not valid UTF-8 (byte {exc.start})", field=name) from None


def _check_gallery(args: argparse.Namespace) -> GalleryStore | None:
    """The gallery store for ``check``: the data directory's database when one is given or exists."""
    from consentry.config import default_data_dir

    target = args.database or args.data_dir
    if target is None and not (default_data_dir() / "consentry.db").is_file():
        return None
    try:
        from consentry.store import open_store
    except MissingExtraError:
        return None
    gallery: GalleryStore = open_store(target).gallery
    return gallery


def cmd_check(args: argparse.Namespace) -> int:
    from consentry.content import CheckRequest, ImageInput
    from consentry.guard import Guard

    prompt = _read_prompt(args.prompt, "prompt")
    negative = args.negative or ""
    inputs = [ImageInput.from_path(p, role="img2img") for p in args.image_in]
    inputs += [ImageInput.from_path(p, role="face_source") for p in args.face_source]
    outputs = [ImageInput.from_path(p, role="output") for p in args.image_out]
    request = CheckRequest(
        prompt=prompt,
        negative_prompt=negative,
        input_images=inputs,
        output_images=outputs,
        user_id=args.user,
        tier=args.tier,
        adult_content=args.adult,
    )
    gallery = _check_gallery(args)
    guard = (
        Guard.default(policy=args.policy, gallery=gallery) if gallery is not None else Guard.default(policy=args.policy)
    )
    decision = guard.check(request, every_detector=args.every_detector)
    if args.json:
        print(json.dumps(decision.to_dict(), ensure_ascii=False))
    else:
        print(render_decision(decision, request.prompt, request.negative_prompt, args.explain, sys.stdout))
    return VERDICT_EXIT[decision.verdict]


def cmd_policy_check(args: argparse.Namespace) -> int:
    from consentry.policy import load_policy

    policy = load_policy(args.file)
    print(f"{args.file}: OK (version {policy.version}; {len(policy.signals)} signals, {len(policy.rules)} rules)")
    return 0


def cmd_policy_show(args: argparse.Namespace) -> int:
    from consentry.policy import default_policy_text

    sys.stdout.write(default_policy_text())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from consentry import __version__

    parser = _Parser(prog="consentry", description="Stop non-consensual sexual imagery of real people.")
    parser.add_argument("--version", action="version", version=f"consentry {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="check a prompt (and images) and print the decision")
    check.add_argument("prompt", help="the prompt ('-' reads it from standard input)")
    check.add_argument("--negative", "-n", default="", help="the negative prompt")
    check.add_argument("--image-in", action="append", default=[], metavar="FILE", help="input image (img2img)")
    check.add_argument("--face-source", action="append", default=[], metavar="FILE", help="face-swap source")
    check.add_argument("--image-out", action="append", default=[], metavar="FILE", help="generated image")
    check.add_argument("--adult", action=argparse.BooleanOptionalAction, default=None, help="adult content on/off")
    check.add_argument("--user", default=None, help="user id")
    check.add_argument("--tier", default=None, help="user tier (see adult_content.tiers in the policy)")
    check.add_argument("--policy", default=None, metavar="FILE", help="policy file (default: the bundled one)")
    check.add_argument("--json", action="store_true", help="print the decision as one JSON object")
    check.add_argument("--data-dir", default=None, metavar="DIR", help="galleries from this data directory")
    check.add_argument("--database", default=None, metavar="URL", help="galleries from this database")
    check.add_argument("--explain", action="store_true", help="show every finding and the rules' reasoning")
    check.add_argument(
        "--every-detector",
        action="store_true",
        help="run every detector, also those no rule of the policy can need for this request (all findings shown)",
    )
    check.set_defaults(func=cmd_check)

    policy = sub.add_parser("policy", help="policy files")
    policy_sub = policy.add_subparsers(dest="policy_command", metavar="ACTION", parser_class=_Parser)
    policy_check = policy_sub.add_parser("check", help="validate a policy file")
    policy_check.add_argument("file")
    policy_check.set_defaults(func=cmd_policy_check)
    policy_show = policy_sub.add_parser("show-default", help="print the default policy (a starting point)")
    policy_show.set_defaults(func=cmd_policy_show)

    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except MissingExtraError:
            continue
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("consentry"):
                raise
            continue
        register: Callable[[argparse._SubParsersAction[_Parser]], None] = module.register
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = func(args)
        return code
    except PolicyError as exc:
        print("consentry: invalid policy:\n  " + "\n  ".join(exc.problems), file=sys.stderr)
        return EXIT_CONFIG
    except InputError as exc:
        print(f"consentry: {exc}", file=sys.stderr)
        return EXIT_NOINPUT if exc.code == "not_found" else EXIT_DATAERR
    except MissingExtraError as exc:
        print(f"consentry: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except UsageError as exc:
        print(f"consentry: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConsentryError as exc:
        print(f"consentry: {exc}", file=sys.stderr)
        return EXIT_DATAERR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()

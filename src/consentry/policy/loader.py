"""Load and validate a policy file (YAML), with precise errors: file, line, what is wrong.

The file is composed into YAML nodes first (which keep their line numbers), then walked
against the schema below. Every problem is collected, so an operator sees all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from consentry.errors import PolicyError
from consentry.policy.model import AdultContent, AllowList, Policy, Rule, Signal
from consentry.types import FINDING_SOURCES, PERSON_ROLES, VERDICTS, Verdict

DEFAULT_POLICY_RESOURCE = "default.yaml"
_RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KIND = re.compile(r"^[a-z_*]+(?:\.[a-z0-9_*]+)*$")
T = TypeVar("T")

_TOP_KEYS = {"version", "description", "adult_content", "signals", "thresholds", "rules", "allow_list", "messages"}
_SIGNAL_KEYS = {"kinds", "min_score", "errors", "roles", "sources", "description"}
_RULE_KEYS = {"id", "when", "unless", "verdict", "message", "report", "adult_content", "tiers", "description"}


class _Walker:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = f":{node.start_mark.line + 1}" if node is not None else ""
        self.problems.append(f"{self.source}{line}: {message}")

    def mapping(self, node: yaml.Node, where: str, allowed: set[str]) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} must be a mapping (key: value)")
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{where}: keys must be plain text")
                continue
            if key in out:
                self.problem(key_node, f"{where}: duplicate key {key!r}")
                continue
            if allowed and key not in allowed:
                known = ", ".join(sorted(allowed))
                self.problem(key_node, f"{where}: unknown key {key!r} (known keys: {known})")
                continue
            out[key] = (key_node, value_node)
        return out

    def scalar(self, node: yaml.Node, where: str, convert: Callable[[Any], T], kind: str) -> T | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"{where} must be {kind}")
            return None
        value = yaml.constructor.SafeConstructor().construct_object(node, deep=True)
        try:
            return convert(value)
        except (TypeError, ValueError):
            self.problem(node, f"{where} must be {kind}, got {node.value!r}")
            return None

    def string(self, node: yaml.Node, where: str) -> str | None:
        def conv(v: Any) -> str:
            if not isinstance(v, str):
                raise TypeError
            return v

        return self.scalar(node, where, conv, "text")

    def boolean(self, node: yaml.Node, where: str) -> bool | None:
        def conv(v: Any) -> bool:
            if not isinstance(v, bool):
                raise TypeError
            return v

        return self.scalar(node, where, conv, "true or false")

    def score(self, node: yaml.Node, where: str) -> float | None:
        def conv(v: Any) -> float:
            if isinstance(v, bool) or not isinstance(v, int | float) or not 0.0 <= float(v) <= 1.0:
                raise ValueError
            return float(v)

        return self.scalar(node, where, conv, "a number between 0 and 1")

    def strings(self, node: yaml.Node, where: str) -> list[tuple[yaml.Node, str]]:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            return [(node, node.value)]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where} must be a list of text")
            return []
        out = []
        for item in node.value:
            value = self.string(item, f"{where} item")
            if value is not None:
                out.append((item, value))
        return out


def _signal(w: _Walker, name: str, node: yaml.Node) -> Signal | None:
    fields = w.mapping(node, f"signals.{name}", _SIGNAL_KEYS)
    if "kinds" not in fields:
        w.problem(node, f"signals.{name}: 'kinds' is required (the finding kinds that raise it)")
        return None
    kinds = []
    for item, kind in w.strings(fields["kinds"][1], f"signals.{name}.kinds"):
        if not _KIND.match(kind):
            w.problem(item, f"signals.{name}.kinds: {kind!r} is not a finding kind (e.g. 'sexual.nudity', 'minor.*')")
        kinds.append(kind)
    errors = []
    if "errors" in fields:
        for item, kind in w.strings(fields["errors"][1], f"signals.{name}.errors"):
            if not kind.startswith("error."):
                w.problem(item, f"signals.{name}.errors: {kind!r} must be an error kind ('error.<domain>')")
            errors.append(kind)
    roles = _choices(w, fields, name, "roles", "role", PERSON_ROLES)
    sources = _choices(w, fields, name, "sources", "source", FINDING_SOURCES)
    min_score = 0.5
    if "min_score" in fields:
        value = w.score(fields["min_score"][1], f"signals.{name}.min_score")
        min_score = 0.5 if value is None else value
    return Signal(name, tuple(kinds), min_score, tuple(errors), node.start_mark.line + 1, roles, sources)


def _choices(
    w: _Walker,
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    name: str,
    key: str,
    what: str,
    known: tuple[str, ...],
) -> tuple[str, ...]:
    """A signal's list of ``key`` values, each one of ``known``, none twice, at least one."""
    if key not in fields:
        return ()
    listed = w.strings(fields[key][1], f"signals.{name}.{key}")
    if not listed and isinstance(fields[key][1], yaml.SequenceNode):
        w.problem(fields[key][1], f"signals.{name}.{key} must list at least one {what} (or be left out)")
    chosen: list[str] = []
    for item, value in listed:
        if value not in known:
            w.problem(item, f"signals.{name}.{key}: unknown {what} {value!r} ({key}: {', '.join(known)})")
        elif value in chosen:
            w.problem(item, f"signals.{name}.{key}: {value!r} is listed twice")
        else:
            chosen.append(value)
    return tuple(chosen)


def _rule(w: _Walker, index: int, node: yaml.Node, signals: set[str]) -> Rule | None:
    fields = w.mapping(node, f"rules[{index}]", _RULE_KEYS)
    if not fields:
        return None
    where = f"rules[{index}]"
    for required in ("id", "when", "verdict"):
        if required not in fields:
            w.problem(node, f"{where}: '{required}' is required")
    if not {"id", "when", "verdict"} <= fields.keys():
        return None
    rule_id = w.string(fields["id"][1], f"{where}.id") or ""
    if rule_id and not _RULE_ID.match(rule_id):
        w.problem(fields["id"][1], f"{where}.id {rule_id!r} must be a slug (lower-case words joined by '-')")
    where = f"rule {rule_id!r}" if rule_id else where
    verdict = w.string(fields["verdict"][1], f"{where}.verdict")
    if verdict is not None and verdict not in VERDICTS:
        w.problem(fields["verdict"][1], f"{where}.verdict must be one of allow, review, deny; got {verdict!r}")
        verdict = None

    def signal_list(key: str) -> tuple[str, ...]:
        if key not in fields:
            return ()
        names = []
        for item, name in w.strings(fields[key][1], f"{where}.{key}"):
            if name not in signals:
                known = ", ".join(sorted(signals)) or "none defined"
                w.problem(item, f"{where}.{key}: unknown signal {name!r} (signals: {known})")
            names.append(name)
        return tuple(names)

    when = signal_list("when")
    if not when and "when" in fields:
        w.problem(fields["when"][1], f"{where}.when must name at least one signal")
    unless = signal_list("unless")
    message = ""
    if "message" in fields:
        message = w.string(fields["message"][1], f"{where}.message") or ""
    elif verdict in ("deny", "review"):
        w.problem(node, f"{where}: a {verdict} rule needs a 'message' for the user")
    adult = w.boolean(fields["adult_content"][1], f"{where}.adult_content") if "adult_content" in fields else None
    report = bool(w.boolean(fields["report"][1], f"{where}.report")) if "report" in fields else False
    tiers = tuple(v for _, v in w.strings(fields["tiers"][1], f"{where}.tiers")) if "tiers" in fields else ()
    description = w.string(fields["description"][1], f"{where}.description") or "" if "description" in fields else ""
    if verdict is None:
        return None
    checked: Verdict = verdict
    return Rule(
        id=rule_id,
        when=when,
        verdict=checked,
        message=message,
        unless=unless,
        adult_content=adult,
        tiers=tiers,
        report=report,
        description=description,
        line=node.start_mark.line + 1,
    )


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse policy YAML text; raise ``PolicyError`` listing every problem with its line."""
    w = _Walker(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise PolicyError([f"{source}{where}: YAML syntax error: {exc.problem}"], source) from None
    except yaml.YAMLError as exc:
        raise PolicyError([f"{source}: YAML error: {exc}"], source) from None
    if root is None:
        raise PolicyError([f"{source}: the policy file is empty"], source)
    top = w.mapping(root, "the policy", _TOP_KEYS)
    if not top and not w.problems:
        w.problem(root, "the policy must be a mapping with 'version', 'signals' and 'rules'")
    version = ""
    if "version" in top:
        version_node = top["version"][1]
        if isinstance(version_node, yaml.ScalarNode) and version_node.tag != "tag:yaml.org,2002:null":
            version = version_node.value  # text or a number ("version: 3"), kept as written
            if not version.strip():
                w.problem(version_node, "version must not be empty")
        else:
            w.problem(version_node, 'version must be text or a number (e.g. version: "2026.11-site")')
    else:
        w.problem(root, "'version' is required (e.g. version: \"2026.11-site\")")

    signals: dict[str, Signal] = {}
    if "signals" in top:
        for name, (key_node, value_node) in w.mapping(top["signals"][1], "signals", set()).items():
            if not re.match(r"^[a-z][a-z0-9_]*$", name):
                w.problem(key_node, f"signals: name {name!r} must be lower_snake_case")
            signal = _signal(w, name, value_node)
            if signal is not None:
                signals[name] = signal
    else:
        w.problem(root, "'signals' is required")

    rules: list[Rule] = []
    if "rules" in top:
        rules_node = top["rules"][1]
        if not isinstance(rules_node, yaml.SequenceNode):
            w.problem(rules_node, "rules must be a list")
        else:
            seen: dict[str, int] = {}
            for index, item in enumerate(rules_node.value):
                rule = _rule(w, index, item, set(signals))
                if rule is None:
                    continue
                if rule.id in seen:
                    w.problem(item, f"rule id {rule.id!r} is used twice (first on line {seen[rule.id]})")
                seen[rule.id] = rule.line
                rules.append(rule)
    else:
        w.problem(root, "'rules' is required")

    thresholds: dict[str, float] = {}
    if "thresholds" in top:
        for kind, (key_node, value_node) in w.mapping(top["thresholds"][1], "thresholds", set()).items():
            if not _KIND.match(kind) or "." not in kind:
                w.problem(key_node, f"thresholds: {kind!r} is not a finding kind (e.g. 'person.named')")
            value = w.score(value_node, f"thresholds.{kind}")
            if value is not None:
                thresholds[kind] = value

    adult = AdultContent()
    if "adult_content" in top:
        fields = w.mapping(top["adult_content"][1], "adult_content", {"default", "tiers"})
        default = w.boolean(fields["default"][1], "adult_content.default") if "default" in fields else False
        tiers: dict[str, bool] = {}
        if "tiers" in fields:
            for tier, (_, value_node) in w.mapping(fields["tiers"][1], "adult_content.tiers", set()).items():
                flag = w.boolean(value_node, f"adult_content.tiers.{tier}")
                if flag is not None:
                    tiers[tier] = flag
        adult = AdultContent(bool(default), MappingProxyType(tiers))

    allow = AllowList()
    if "allow_list" in top:
        fields = w.mapping(top["allow_list"][1], "allow_list", {"phrases", "subjects"})
        phrases = [v for _, v in w.strings(fields["phrases"][1], "allow_list.phrases")] if "phrases" in fields else []
        subjects = (
            [v for _, v in w.strings(fields["subjects"][1], "allow_list.subjects")] if "subjects" in fields else []
        )
        allow = AllowList.of(phrases, subjects)

    allow_message = ""
    if "messages" in top:
        fields = w.mapping(top["messages"][1], "messages", {"allow"})
        if "allow" in fields:
            allow_message = w.string(fields["allow"][1], "messages.allow") or ""

    if w.problems:
        raise PolicyError(w.problems, source)
    return Policy(
        version=version,
        signals=MappingProxyType(signals),
        rules=tuple(rules),
        adult_content=adult,
        thresholds=MappingProxyType(thresholds),
        allow_list=allow,
        allow_message=allow_message,
        source=source,
    )


def load_policy(path: str | Path) -> Policy:
    """Load a policy file; ``PolicyError`` on any problem (missing file, syntax, schema)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise PolicyError([f"{p}: no such policy file"], str(p)) from None
    except IsADirectoryError:
        raise PolicyError([f"{p}: is a directory, not a policy file"], str(p)) from None
    except OSError as exc:
        raise PolicyError([f"{p}: cannot read ({exc.strerror})"], str(p)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyError([f"{p}:{line}: not valid UTF-8"], str(p)) from None
    return parse_policy(text, str(p))


def default_policy_text() -> str:
    return resources.files("consentry.policy").joinpath(DEFAULT_POLICY_RESOURCE).read_text("utf-8")


def default_policy() -> Policy:
    """The bundled default policy."""
    return parse_policy(default_policy_text(), "default.yaml")

"""Tool calls in a model's generated text: found between markers, parsed, split from the text.

Standard library only and free of mlx, so it runs (and is unit-tested) on any machine; the
worker and its test double both use it, so the tests exercise the parser the worker ships.

Models write tool calls as text between markers their chat template taught them; mlx-lm's
tokenizer names them (`tool_call_start` / `tool_call_end`, e.g. `<tool_call>` and
`</tool_call>` for Qwen and Hermes templates) and may carry a `tool_parser` for the body.

What counts as a call (keep in sync with the README's "Tool calling" section):
  - a closed block whose body parses (the tokenizer's parser, else JSON
    `{"name": ..., "arguments": {...}}`, `parameters` accepted too, or a list of those) is one
    or more calls; object arguments become JSON text, string arguments are kept as they are;
  - a closed block whose body is broken but names a tool (`"name": "..."`) is still a call, with
    the model's raw arguments text, so `parseModelToolCall` reports the broken JSON
    (ADR 0017: a model's broken JSON is reported by the validator, not lost in a provider);
  - a block that names no tool, or is never closed (cut off by `max_tokens`), stays text.
"""

import json
import re
import uuid

DEFAULT_START = "<tool_call>"
DEFAULT_END = "</tool_call>"
_NAME = re.compile(r'"name"\s*:\s*"((?:[^"\\]|\\.)+)"')
_ARGUMENTS = re.compile(r'"(?:arguments|parameters)"\s*:\s*')


def markers_of(tokenizer):
    """The markers mlx-lm knows for the model's template, else the Hermes / Qwen ones."""
    if getattr(tokenizer, "has_tool_calling", False):
        start = getattr(tokenizer, "tool_call_start", None)
        end = getattr(tokenizer, "tool_call_end", None)
        if isinstance(start, str) and start and isinstance(end, str) and end:
            return start, end
    return DEFAULT_START, DEFAULT_END


def new_call_id():
    return "call_" + uuid.uuid4().hex[:24]


def arguments_text(value):
    """Arguments as JSON text: objects are serialised, strings kept (the model's own text).

    mlx-lm's parsers return arguments already as JSON text, and encode a string twice: arguments
    the model wrote as a string come back as a JSON string literal, missing ones as `""`. Such a
    literal is unwrapped once, and empty arguments are `{}`.
    """
    if value is None:
        return "{}"
    if not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        inner = json.loads(value)
    except ValueError:
        inner = None
    if isinstance(inner, str):
        value = inner
    return value if value.strip() else "{}"


def _to_call(value, new_id):
    if not isinstance(value, dict):
        return None
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    call_id = value.get("id")
    raw = value["arguments"] if "arguments" in value else value.get("parameters")
    return {
        "id": call_id if isinstance(call_id, str) and call_id else new_id(),
        "name": name.strip(),
        "arguments": arguments_text(raw),
    }


def _to_calls(parsed, new_id):
    values = parsed if isinstance(parsed, list) else [parsed]
    calls = [_to_call(value, new_id) for value in values]
    return calls if calls and all(call is not None for call in calls) else None


def _recover(body, new_id):
    """A broken body that still names a tool: the call, with the model's raw arguments text."""
    name = _NAME.search(body)
    if name is None:
        return []
    try:
        tool = json.loads('"%s"' % name.group(1))
    except ValueError:
        tool = name.group(1)
    arguments = _ARGUMENTS.search(body, name.end()) or _ARGUMENTS.search(body)
    if arguments is None:
        raw = body.strip()
    else:
        raw = body[arguments.end():].rstrip()
        # The block's own closing brace is not part of the arguments.
        raw = raw[:-1].rstrip() if raw.endswith("}") and raw.count("{") < raw.count("}") else raw
    return [{"id": new_id(), "name": tool.strip(), "arguments": raw}]


def parse_call_body(body, parse=None, new_id=new_call_id):
    """The calls in the text between one pair of markers; [] when it names no tool."""
    if parse is not None:
        try:
            calls = _to_calls(parse(body), new_id)
        except Exception:  # a model-specific parser raising on broken text: fall back below
            calls = None
        if calls is not None:
            return calls
    try:
        calls = _to_calls(json.loads(body.strip()), new_id)
    except ValueError:
        calls = None
    return calls if calls is not None else _recover(body, new_id)


def _partial_marker(text, marker):
    """Length of the longest end of `text` that begins `marker` (held back until resolved)."""
    for size in range(min(len(text), len(marker) - 1), 0, -1):
        if text.endswith(marker[:size]):
            return size
    return 0


class ToolCallExtractor:
    """Splits generated text, piece by piece, into text to show and tool calls, in order.

    Text that may begin a start marker is held back until the next piece settles it, and nothing
    from a start marker to its end marker is ever shown as text, so a streamed reply never shows
    half a call. `feed` and `finish` return events: ("text", str) and ("call", dict).
    """

    def __init__(self, start=DEFAULT_START, end=DEFAULT_END, parse=None, new_id=new_call_id):
        self.start = start
        self.end = end
        self._parse = parse
        self._new_id = new_id
        self._buffer = ""
        self._inside = False

    def feed(self, piece):
        self._buffer += piece
        events = []
        while True:
            if self._inside:
                at = self._buffer.find(self.end)
                if at < 0:
                    return events
                body = self._buffer[:at]
                self._buffer = self._buffer[at + len(self.end):]
                self._inside = False
                calls = parse_call_body(body, self._parse, self._new_id)
                if calls:
                    events.extend(("call", call) for call in calls)
                else:
                    _add_text(events, self.start + body + self.end)
            else:
                at = self._buffer.find(self.start)
                if at < 0:
                    keep = _partial_marker(self._buffer, self.start)
                    _add_text(events, self._buffer[: len(self._buffer) - keep])
                    self._buffer = self._buffer[len(self._buffer) - keep:]
                    return events
                _add_text(events, self._buffer[:at])
                self._buffer = self._buffer[at + len(self.start):]
                self._inside = True

    def finish(self):
        """What is left at the end: a held-back marker beginning, or an unclosed block, as text."""
        rest = (self.start + self._buffer) if self._inside else self._buffer
        self._buffer = ""
        self._inside = False
        events = []
        _add_text(events, rest)
        return events


def _add_text(events, text):
    if text:
        events.append(("text", text))


def extract_tool_calls(text, start=DEFAULT_START, end=DEFAULT_END, parse=None, new_id=new_call_id):
    """The whole-text form of ToolCallExtractor: (text without the calls, calls)."""
    extractor = ToolCallExtractor(start, end, parse, new_id)
    events = extractor.feed(text) + extractor.finish()
    return "".join(v for kind, v in events if kind == "text"), [v for kind, v in events if kind == "call"]

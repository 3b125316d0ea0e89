"""Unit tests of the worker's tool-call parser and chat-template conversion (standard library only).

Run by test/mlx/pythonUnitTests.test.ts through `python3 -m unittest`; no mlx needed.
"""

import itertools
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "python"))

from cortex_mlx_chat_template import TemplateRequestError, must_call, template_messages, template_tools  # noqa: E402
from cortex_mlx_tool_calls import (  # noqa: E402
    ToolCallExtractor,
    extract_tool_calls,
    markers_of,
    parse_call_body,
)


def ids():
    counter = itertools.count()
    return lambda: "call_%d" % next(counter)


class ParseCallBodyTest(unittest.TestCase):
    def test_a_json_body_is_one_call_with_arguments_as_json_text(self):
        calls = parse_call_body('\n{"name": "weather", "arguments": {"city": "Paris"}}\n', new_id=ids())
        self.assertEqual(calls, [{"id": "call_0", "name": "weather", "arguments": '{"city":"Paris"}'}])

    def test_parameters_string_arguments_ids_and_lists_are_understood(self):
        self.assertEqual(parse_call_body('{"name": "a", "parameters": {"x": 1}}', new_id=ids())[0]["arguments"], '{"x":1}')
        self.assertEqual(parse_call_body('{"name": "a", "arguments": "{\\"x\\": 1}"}', new_id=ids())[0]["arguments"], '{"x": 1}')
        self.assertEqual(parse_call_body('{"name": "a"}', new_id=ids())[0]["arguments"], "{}")
        # mlx-lm's json_tools parser double-encodes: a missing object comes back as '""'.
        double = lambda body: {"name": "a", "arguments": json.dumps(json.loads(body).get("arguments", ""))}  # noqa: E731
        self.assertEqual(parse_call_body('{"name": "a"}', double, ids())[0]["arguments"], "{}")
        self.assertEqual(parse_call_body('{"name": "a", "arguments": "{\\"x\\": 2}"}', double, ids())[0]["arguments"], '{"x": 2}')
        self.assertEqual(parse_call_body('{"id": "mine", "name": "a", "arguments": {}}', new_id=ids())[0]["id"], "mine")
        calls = parse_call_body('[{"name": "a", "arguments": {}}, {"name": "b", "arguments": {}}]', new_id=ids())
        self.assertEqual([(c["id"], c["name"]) for c in calls], [("call_0", "a"), ("call_1", "b")])

    def test_a_broken_body_that_names_a_tool_keeps_the_models_arguments_text(self):
        calls = parse_call_body('{"name": "weather", "arguments": {"city": "Paris",}}', new_id=ids())
        self.assertEqual(calls, [{"id": "call_0", "name": "weather", "arguments": '{"city": "Paris",}'}])
        calls = parse_call_body('{"name": "weather", "arguments": {"city": ', new_id=ids())
        self.assertEqual(calls[0]["arguments"], '{"city":')
        # No arguments key: the whole broken body, so the validator still reports it.
        self.assertEqual(parse_call_body('{"name": "weather"', new_id=ids())[0]["arguments"], '{"name": "weather"')

    def test_a_body_that_names_no_tool_is_no_call(self):
        for body in ("not json at all", '{"arguments": {}}', '{"name": ""}', "[1, 2]", '{"name": 3}'):
            self.assertEqual(parse_call_body(body, new_id=ids()), [], body)

    def test_the_tokenizers_parser_is_preferred_and_its_failure_falls_back(self):
        native = lambda body: {"name": "n", "arguments": json.dumps({"from": "parser"})}  # noqa: E731
        self.assertEqual(parse_call_body("whatever", native, ids())[0], {"id": "call_0", "name": "n", "arguments": '{"from": "parser"}'})

        def failing(body):
            raise ValueError("bad")

        self.assertEqual(parse_call_body('{"name": "j", "arguments": {}}', failing, ids())[0]["name"], "j")


class ExtractorTest(unittest.TestCase):
    def test_text_and_calls_come_out_in_order(self):
        text, calls = extract_tool_calls(
            'Let me look. <tool_call>{"name": "a", "arguments": {"q": 1}}</tool_call> and <tool_call>{"name": "b"}</tool_call>!',
            new_id=ids(),
        )
        self.assertEqual(text, "Let me look.  and !")
        self.assertEqual([(c["name"], c["arguments"]) for c in calls], [("a", '{"q":1}'), ("b", "{}")])

    def test_a_marker_split_across_pieces_is_held_back_and_never_shown(self):
        extractor = ToolCallExtractor(new_id=ids())
        self.assertEqual(extractor.feed("Hi <to"), [("text", "Hi ")])
        self.assertEqual(extractor.feed("ol_c"), [])
        self.assertEqual(extractor.feed('all>{"name": "a", "argu'), [])
        self.assertEqual(extractor.feed('ments": {}}</tool'), [])
        self.assertEqual(extractor.feed("_call> bye"), [("call", {"id": "call_0", "name": "a", "arguments": "{}"}), ("text", " bye")])
        self.assertEqual(extractor.finish(), [])

    def test_a_held_back_prefix_that_is_no_marker_is_released(self):
        extractor = ToolCallExtractor()
        self.assertEqual(extractor.feed("a <"), [("text", "a ")])
        self.assertEqual(extractor.feed("b"), [("text", "<b")])
        self.assertEqual(extractor.feed("x <tool"), [("text", "x ")])
        self.assertEqual(extractor.finish(), [("text", "<tool")])

    def test_an_unclosed_or_nameless_block_stays_text(self):
        self.assertEqual(extract_tool_calls('ok <tool_call>{"name": "a", "arguments": {"x"'), ('ok <tool_call>{"name": "a", "arguments": {"x"', []))
        self.assertEqual(extract_tool_calls("<tool_call>nothing here</tool_call>."), ("<tool_call>nothing here</tool_call>.", []))

    def test_other_markers(self):
        text, calls = extract_tool_calls('x[TOOL_CALL]{"name": "a"}[/TOOL_CALL]', "[TOOL_CALL]", "[/TOOL_CALL]", new_id=ids())
        self.assertEqual((text, [c["name"] for c in calls]), ("x", ["a"]))

    def test_any_split_of_a_reply_gives_the_same_text_and_calls(self):
        # Property (seeded): streaming piece by piece equals parsing the whole text at once.
        reply = 'A <tool_call>{"name": "a", "arguments": {"s": "</"}}</tool_call> b <tool_ <tool_call>{"x"}</tool_call> <tool_call>{"name": "c"'
        expected = extract_tool_calls(reply, new_id=ids())
        rng = random.Random(16)
        for _ in range(300):
            cuts = sorted(rng.sample(range(1, len(reply)), rng.randint(0, 12)))
            pieces = [reply[i:j] for i, j in zip([0] + cuts, cuts + [len(reply)])]
            extractor = ToolCallExtractor(new_id=ids())
            events = [event for piece in pieces for event in extractor.feed(piece)] + extractor.finish()
            text = "".join(v for kind, v in events if kind == "text")
            self.assertEqual((text, [v for kind, v in events if kind == "call"]), expected, pieces)

    def test_markers_come_from_the_tokenizer_when_mlx_lm_knows_them(self):
        class Known:
            has_tool_calling = True
            tool_call_start = "<|call|>"
            tool_call_end = "<|/call|>"

        class Unknown:
            has_tool_calling = False

        self.assertEqual(markers_of(Known()), ("<|call|>", "<|/call|>"))
        self.assertEqual(markers_of(Unknown()), ("<tool_call>", "</tool_call>"))
        self.assertEqual(markers_of(object()), ("<tool_call>", "</tool_call>"))


class ChatTemplateTest(unittest.TestCase):
    tools = [
        {"name": "weather", "description": "Weather", "inputSchema": {"$schema": "x", "type": "object"}},
        {"name": "time", "description": "Time", "inputSchema": {"type": "object"}},
    ]

    def test_tools_become_openai_functions_narrowed_by_the_choice(self):
        self.assertEqual(
            template_tools(self.tools, "auto")[0],
            {"type": "function", "function": {"name": "weather", "description": "Weather", "parameters": {"type": "object"}}},
        )
        self.assertEqual([t["function"]["name"] for t in template_tools(self.tools, {"name": "time"})], ["time"])
        self.assertIsNone(template_tools(self.tools, "none"))
        self.assertIsNone(template_tools([], "auto"))
        self.assertTrue(must_call("required") and must_call({"name": "x"}))
        self.assertFalse(must_call("auto") or must_call("none"))

    def test_history_with_tool_calls_and_results(self):
        messages = template_messages([
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": "", "toolCalls": [
                {"id": "c1", "name": "weather", "arguments": '{"city": "Paris"}'},
                {"id": "c2", "name": "weather", "arguments": "{broken"},
            ]},
            {"role": "tool", "toolCallId": "c1", "content": "sunny"},
            {"role": "tool", "toolCallId": "unknown", "content": "?"},
        ])
        self.assertEqual(messages[1]["tool_calls"][0], {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": {"city": "Paris"}}})
        self.assertEqual(messages[1]["tool_calls"][1]["function"]["arguments"], "{broken")
        self.assertEqual(messages[2], {"role": "tool", "tool_call_id": "c1", "name": "weather", "content": "sunny"})
        self.assertEqual(messages[3], {"role": "tool", "tool_call_id": "unknown", "content": "?"})

    def test_malformed_requests_are_refused(self):
        for bad in ([{"role": "robot", "content": ""}], [{"role": "tool", "content": ""}], [{"role": "user"}],
                    [{"role": "assistant", "content": "", "toolCalls": [{"id": "x"}]}]):
            with self.assertRaises(TemplateRequestError):
                template_messages(bad)
        with self.assertRaises(TemplateRequestError):
            template_tools([{"description": "no name"}], "auto")


if __name__ == "__main__":
    unittest.main()

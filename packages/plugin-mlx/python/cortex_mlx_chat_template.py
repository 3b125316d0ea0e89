"""The kernel's chat messages and tools, as Hugging Face chat templates read them.

Standard library only. The bridge sends the kernel's shapes (`ChatMessage` union, tool
definitions `{name, description, inputSchema}`, `toolChoice`); chat templates (and so
`tokenizer.apply_chat_template(messages, tools=...)`, as mlx-lm calls it) expect OpenAI's:
`tools: [{"type": "function", "function": {name, description, parameters}}]`, assistant
`tool_calls: [{id, type, function: {name, arguments}}]` with arguments as an object (templates
iterate over them), and `tool` messages with `tool_call_id` (and `name`, which some templates print).
Keep in sync with src/provider/workerGeneration.ts.
"""

import json


class TemplateRequestError(ValueError):
    """A generate request whose messages or tools do not have the kernel's shape."""


def template_tools(tools, choice):
    """OpenAI-style tool definitions for the template: none for `none`, only the named one for a name."""
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        tools = [tool for tool in tools if tool.get("name") == choice.get("name")]
    converted = []
    for tool in tools:
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            raise TemplateRequestError("each tool must be an object with a string name")
        schema = dict(tool.get("inputSchema") or {"type": "object", "properties": {}})
        # The template prints the schema into the prompt: `$schema` only costs tokens.
        schema.pop("$schema", None)
        converted.append({
            "type": "function",
            "function": {"name": tool["name"], "description": tool.get("description") or "", "parameters": schema},
        })
    return converted or None


def must_call(choice):
    """True when the reply has to start with a tool call (`required`, or a named tool)."""
    return choice == "required" or isinstance(choice, dict)


def _arguments_object(text):
    # Templates format arguments as a mapping; text that is not a JSON object is passed as is.
    try:
        value = json.loads(text) if text.strip() else {}
    except ValueError:
        return text
    return value if isinstance(value, dict) else text


def template_messages(messages):
    """The conversation in the shape chat templates read."""
    names = {}
    converted = []
    for message in messages:
        if not isinstance(message, dict) or not isinstance(message.get("content"), str):
            raise TemplateRequestError("each message must be an object with string content")
        role = message.get("role")
        if role in ("system", "user"):
            converted.append({"role": role, "content": message["content"]})
        elif role == "assistant":
            converted.append(_assistant(message, names))
        elif role == "tool":
            call_id = message.get("toolCallId")
            if not isinstance(call_id, str):
                raise TemplateRequestError("a tool message needs a string toolCallId")
            tool = {"role": "tool", "tool_call_id": call_id, "content": message["content"]}
            if call_id in names:
                tool["name"] = names[call_id]
            converted.append(tool)
        else:
            raise TemplateRequestError("unknown message role %r" % (role,))
    return converted


def _assistant(message, names):
    assistant = {"role": "assistant", "content": message["content"]}
    calls = message.get("toolCalls") or []
    if calls:
        assistant["tool_calls"] = []
        for call in calls:
            if not isinstance(call, dict) or not all(isinstance(call.get(k), str) for k in ("id", "name", "arguments")):
                raise TemplateRequestError("each tool call needs string id, name and arguments")
            names[call["id"]] = call["name"]
            assistant["tool_calls"].append({
                "id": call["id"],
                "type": "function",
                "function": {"name": call["name"], "arguments": _arguments_object(call["arguments"])},
            })
    return assistant

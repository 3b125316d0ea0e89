"""Cortex-OS MLX worker: newline-delimited JSON over stdio.

Requests (one JSON object per line on stdin), each with a string "id":
  {"id": "1", "op": "health"}
  {"id": "2", "op": "embed", "model": "...", "texts": ["..."], "images": ["<base64>"]}
  {"id": "3", "op": "generate", "model": "...", "messages": [{"role": "user", "content": "..."}],
   "max_tokens": 256, "temperature": 0.0, "stream": true,
   "tools": [{"name": "...", "description": "...", "inputSchema": {...}}], "tool_choice": "auto"}
  (messages are the kernel's ChatMessage union: assistant "toolCalls", tool "toolCallId")
  {"id": "4", "op": "cancel", "target": "3"}
  {"id": "5", "op": "shutdown"}
Responses (one JSON object per line on the protocol channel), "id" always first:
  {"id": null, "type": "ready", "pid": 123, "protocol": 1}
  {"id": "3", "type": "token", "token": "Hel"}
  {"id": "3", "type": "tool_call", "tool_call": {"index": 0, "id": "call_...", "name": "...", "arguments": "{...}"}}
  {"id": "3", "type": "result", "result": {...}}
  {"id": "3", "type": "error", "error": {"code": "cancelled", "message": "..."}}
Error codes: bad_request, line_too_long, unavailable, failed, cancelled, response_too_large.

Standard library only, plus mlx / mlx_lm / mlx_embeddings when installed (imported lazily,
so `health` can say plainly what is missing); the tool-call modules beside this file are
standard library too. A generate result carries "tool_calls" ([{id, name, arguments}]) and
"finish_reason" "tool_calls" when it has any. Keep in sync with src/provider/workerGeneration.ts.
"""

import argparse
import base64
import io
import json
import os
import re
import sys
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

from cortex_mlx_chat_template import TemplateRequestError, must_call, template_messages, template_tools
from cortex_mlx_tool_calls import ToolCallExtractor, markers_of

PROTOCOL_VERSION = 1
ID_PREFIX = re.compile(rb'^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"')


class RequestError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Channel:
    """Writes protocol lines; oversized responses become errors, never broken lines."""

    def __init__(self, stream, max_line_bytes):
        self._stream = stream
        self._max = max_line_bytes
        self._lock = threading.Lock()

    def send(self, message):
        """Writes one message; raises RequestError("response_too_large") instead of writing an oversized line."""
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(data) + 1 > self._max:
            raise RequestError("response_too_large",
                               "response of %d bytes exceeds the %d byte line limit" % (len(data) + 1, self._max))
        with self._lock:
            self._stream.write(data + b"\n")
            self._stream.flush()


class Models:
    """Loads models once and keeps them; MLX work is serialised by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self._generators = {}
        self._embedders = {}

    def loaded(self):
        return sorted(set(self._generators) | set(self._embedders))

    def generator(self, name):
        if name not in self._generators:
            mlx_lm = import_or_unavailable("mlx_lm")
            self._generators[name] = mlx_lm.load(name)
        return self._generators[name]

    def embedder(self, name):
        if name not in self._embedders:
            import_or_unavailable("mlx_embeddings")
            utils = import_or_unavailable("mlx_embeddings.utils")
            self._embedders[name] = utils.load(name)
        return self._embedders[name]


def import_or_unavailable(module):
    try:
        return __import__(module, fromlist=["_"])
    except Exception as error:  # ImportError, or a native library failing to load
        raise RequestError("unavailable", "python module %s not importable: %s" % (module, error))


def health(models):
    info = {"python": sys.version.split()[0], "models": models.loaded()}
    try:
        import mlx.core as mx
    except Exception as error:
        info.update(available=False, reason="python module mlx not importable: %s" % error, mlx_version=None, metal=False)
        return info
    info["mlx_version"] = getattr(mx, "__version__", None)
    try:
        info["metal"] = bool(mx.metal.is_available())
    except Exception:
        info["metal"] = False
    for module in ("mlx_lm", "mlx_embeddings"):
        try:
            info[module] = getattr(__import__(module), "__version__", "unknown")
        except Exception:
            info[module] = None
    if not info["metal"]:
        info.update(available=False, reason="MLX is installed but Metal is not available")
    else:
        info["available"] = True
    return info


def generate(request, models, channel, cancelled):
    model_name = require(request, "model", str)
    messages = require(request, "messages", list)
    max_tokens = int(request.get("max_tokens") or 256)
    temperature = float(request.get("temperature") or 0.0)
    stream = bool(request.get("stream", True))
    choice = request.get("tool_choice") or "auto"
    try:
        conversation = template_messages(messages)
        tools = template_tools(request.get("tools") or [], choice)
    except TemplateRequestError as error:
        raise RequestError("bad_request", str(error))
    with models.lock:
        model, tokenizer = models.generator(model_name)
        mlx_lm = import_or_unavailable("mlx_lm")
        sample_utils = import_or_unavailable("mlx_lm.sample_utils")
        options = {"add_generation_prompt": True}
        if tools is not None:
            options["tools"] = tools
        prompt = tokenizer.apply_chat_template(conversation, **options)
        reply = Reply(request["id"], channel if stream else None, tokenizer, tools)
        if tools is not None and must_call(choice):
            # mlx-lm has no constrained decoding: a required call is enforced by starting the
            # reply with the start marker, so the model can only go on with a call's body.
            prompt = reply.prime(prompt)
        last = None
        for response in mlx_lm.stream_generate(model, tokenizer, prompt, max_tokens=max_tokens,
                                               sampler=sample_utils.make_sampler(temp=temperature)):
            if cancelled.is_set():
                raise RequestError("cancelled", "request cancelled")
            last = response
            if response.text:
                reply.add(response.text)
        reply.finish()
    finish = getattr(last, "finish_reason", None)
    return {
        "model": model_name,
        "text": "".join(reply.text),
        "finish_reason": "tool_calls" if reply.calls else ("length" if finish == "length" else "stop"),
        "tool_calls": reply.calls,
        "prompt_tokens": getattr(last, "prompt_tokens", None),
        "generation_tokens": getattr(last, "generation_tokens", None),
    }


class Reply:
    """The reply being generated: text streamed as tokens, tool calls as they close (when tools were offered)."""

    def __init__(self, request_id, channel, tokenizer, tools):
        self._id = request_id
        self._channel = channel
        self._tokenizer = tokenizer
        self.text = []
        self.calls = []
        self._extractor = None
        if tools is not None:
            start, end = markers_of(tokenizer)
            parser = getattr(tokenizer, "tool_parser", None) if getattr(tokenizer, "has_tool_calling", False) else None
            self._extractor = ToolCallExtractor(start, end, None if parser is None else (lambda body: parser(body, tools)))

    def prime(self, prompt):
        start = self._extractor.start
        self._extractor.feed(start)
        if isinstance(prompt, str):
            return prompt + start
        return list(prompt) + list(self._tokenizer.encode(start, add_special_tokens=False))

    def add(self, piece):
        self._emit([("text", piece)] if self._extractor is None else self._extractor.feed(piece))

    def finish(self):
        if self._extractor is not None:
            self._emit(self._extractor.finish())

    def _emit(self, events):
        for kind, value in events:
            if kind == "text":
                self.text.append(value)
                if self._channel is not None:
                    self._channel.send({"id": self._id, "type": "token", "token": value})
            else:
                self.calls.append(value)
                if self._channel is not None:
                    self._channel.send({"id": self._id, "type": "tool_call",
                                        "tool_call": dict(value, index=len(self.calls) - 1)})


def embed(request, models, cancelled):
    model_name = require(request, "model", str)
    texts = request.get("texts") or []
    images = request.get("images") or []
    with models.lock:
        model, processor = models.embedder(model_name)
        mx = import_or_unavailable("mlx.core")
        vectors = []
        if texts:
            tokenizer = getattr(processor, "_tokenizer", processor)
            inputs = tokenizer.batch_encode_plus(texts, return_tensors="mlx", padding=True, truncation=True, max_length=512)
            outputs = model(inputs["input_ids"], attention_mask=inputs["attention_mask"])
            vectors.extend(to_list(mx, outputs.text_embeds))
        if cancelled.is_set():
            raise RequestError("cancelled", "request cancelled")
        if images:
            # Vision-language models of mlx-embeddings (SigLIP, CLIP-like) expose image embeddings.
            try:
                from PIL import Image
            except Exception as error:
                raise RequestError("unavailable", "python module PIL not importable (needed for images): %s" % error)
            pictures = [Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB") for data in images]
            inputs = processor(images=pictures, return_tensors="mlx")
            outputs = model(pixel_values=inputs["pixel_values"])
            vectors.extend(to_list(mx, outputs.image_embeds))
    return {"model": model_name, "vectors": vectors}


def to_list(mx, array):
    return array.astype(mx.float32).tolist()


def require(request, key, kind):
    value = request.get(key)
    if not isinstance(value, kind):
        raise RequestError("bad_request", "field %r must be a %s" % (key, kind.__name__))
    return value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-line-bytes", type=int, default=16 * 1024 * 1024)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    # The protocol gets its own copy of fd 1; fd 1 itself then points at stderr, so a library
    # (or native code) that prints can never corrupt the protocol: its output reaches the logger.
    protocol = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    channel = Channel(protocol, args.max_line_bytes)
    models = Models()
    cancel_events = {}
    cancel_lock = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=args.concurrency)

    def run(request):
        request_id = request["id"]
        cancelled = cancel_events[request_id]
        try:
            op = request.get("op")
            if op == "health":
                result = health(models)
            elif op == "generate":
                result = generate(request, models, channel, cancelled)
            elif op == "embed":
                result = embed(request, models, cancelled)
            else:
                raise RequestError("bad_request", "unknown op %r" % (op,))
            channel.send({"id": request_id, "type": "result", "result": result})
        except RequestError as error:
            channel.send({"id": request_id, "type": "error", "error": {"code": error.code, "message": str(error)}})
        except Exception as error:
            traceback.print_exc(file=sys.stderr)
            channel.send({"id": request_id, "type": "error",
                          "error": {"code": "failed", "message": "%s: %s" % (type(error).__name__, error)}})
        finally:
            with cancel_lock:
                cancel_events.pop(request_id, None)

    channel.send({"id": None, "type": "ready", "pid": os.getpid(), "protocol": PROTOCOL_VERSION})
    stdin = sys.stdin.buffer
    limit = args.max_line_bytes
    while True:
        line = stdin.readline(limit + 1)
        if not line:
            break  # stdin closed: the host went away.
        if len(line) > limit or (len(line) == limit + 1 and not line.endswith(b"\n")):
            match = ID_PREFIX.match(line)
            rest = line
            while rest and not rest.endswith(b"\n"):
                rest = stdin.readline(limit + 1)
            channel.send({"id": match.group(1).decode() if match else None, "type": "error",
                          "error": {"code": "line_too_long", "message": "request line exceeds the %d byte limit" % limit}})
            continue
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if not isinstance(request, dict) or not isinstance(request.get("id"), str):
                raise ValueError("a request must be an object with a string id")
        except ValueError as error:
            match = ID_PREFIX.match(line)
            channel.send({"id": match.group(1).decode() if match else None, "type": "error",
                          "error": {"code": "bad_request", "message": "malformed request line: %s" % error}})
            continue
        op = request.get("op")
        if op == "cancel":
            with cancel_lock:
                event = cancel_events.get(request.get("target"))
            if event is not None:
                event.set()
            continue
        if op == "shutdown":
            break
        with cancel_lock:
            cancel_events[request["id"]] = threading.Event()
        pool.submit(run, request)

    # Clean shutdown: cancel what runs, let threads finish their current step, then exit.
    with cancel_lock:
        for event in cancel_events.values():
            event.set()
    pool.shutdown(wait=True, cancel_futures=True)
    protocol.flush()


if __name__ == "__main__":
    main()

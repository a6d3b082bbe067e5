"""An OpenAI-compatible chat-completions server on 127.0.0.1 for tests and benchmarks.

Written from the API's published contract: `POST /v1/chat/completions` takes a JSON body
{model, messages: [{role, content}], ...} and answers a `chat.completion` object
{id, object, created, model, choices: [{index, message: {role, content}, finish_reason}], usage};
`GET /v1/models` answers {object: "list", data: [{id, object: "model", created, owned_by}]};
errors are {"error": {message, type, param, code}} with the HTTP status (400 bad body, 401 bad key,
404 unknown model or path, 429 with Retry-After, 5xx).

It "translates" deterministically: the text after the prompt's "Text:" line, with each
terminology line ("中文 = English") applied, through the dictionary gloss that knows no company
names (so a name in the English came from the terminology, or from our repair). Behaviour sets
the service time and parallel slots (a request waits for a free slot, as in llama.cpp or vLLM),
and scripted faults for the next requests.

    with LlmServer(Behaviour(delay=0.1, slots=8)) as server:    # server.base_url ends in /v1
        ...                                                        # server.requests: bodies received
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

TEXT_MARK = "\nText:\n"
_TERM = re.compile(r"^(.+?) = (.+)$")

_gloss = None
_gloss_lock = threading.Lock()


def gloss(text: str) -> str:
    """The dictionary gloss with no registry (loaded once per process)."""
    global _gloss
    with _gloss_lock:
        if _gloss is None:
            from translate.engines.gloss import GlossEngine

            _gloss = GlossEngine(None)
    return _gloss.gloss(text)


def parse_prompt(content: str) -> tuple[str, list[tuple[str, str]]]:
    """(text, terms) of a user message: terms are the "a = b" lines before the text."""
    head, _, text = content.rpartition(TEXT_MARK)
    if not _:
        return content, []
    terms = [(m.group(1), m.group(2)) for line in head.split("\n") if (m := _TERM.match(line.strip()))]
    return text, terms


def translate(text: str, terms: list[tuple[str, str]]) -> str:
    for zh, en in sorted(terms, key=lambda t: -len(t[0])):
        text = text.replace(zh, f" {en} ")
    return gloss(text)


@dataclass
class Behaviour:
    delay: float = 0.0  # service time of every completion, seconds
    slots: int = 8  # completions served at once
    models: tuple[str, ...] = ("test-mt",)
    api_key: str | None = None  # when set, "Authorization: Bearer KEY" is required
    # One per completion request, in order, then none: "429" or "429:SECONDS" (Retry-After), "500",
    # "503", "malformed" (not JSON), "nocontent" (JSON without choices), "slow:SECONDS" (answer late).
    faults: list[str] = field(default_factory=list)
    drop: tuple[str, ...] = ()  # English removed from every reply (a model that loses names or facts)
    ignore_terms: bool = False  # a model that does not read the terminology
    reply: Callable[[str, list[tuple[str, str]]], str] | None = None  # replaces the translation


class LlmServer:
    def __init__(self, behaviour: Behaviour | None = None):
        self.behaviour = behaviour or Behaviour()
        self.requests: list[dict] = []  # completion bodies, as received
        self.served = 0  # completions answered 200
        self.busy_max = 0  # the most completions served at once
        self._busy = 0
        self._lock = threading.Lock()
        self._slots = threading.Semaphore(self.behaviour.slots)
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def prompts(self) -> list[str]:
        return [r["messages"][-1]["content"] for r in self.requests]

    def __enter__(self) -> "LlmServer":
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def next_fault(self) -> str | None:
        with self._lock:
            return self.behaviour.faults.pop(0) if self.behaviour.faults else None

    def complete(self, body: dict) -> str:
        """The assistant's reply to a valid request, after the service time in a slot."""
        b = self.behaviour
        with self._slots:
            with self._lock:
                self._busy += 1
                self.busy_max = max(self.busy_max, self._busy)
            try:
                if b.delay:
                    time.sleep(b.delay)
            finally:
                with self._lock:
                    self._busy -= 1
            text, terms = parse_prompt(str(body["messages"][-1].get("content") or ""))
            if b.ignore_terms:
                terms = []
            out = b.reply(text, terms) if b.reply else translate(text, terms)
            for gone in b.drop:
                out = out.replace(gone, "")
            return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):  # a client that hung up on a slow reply
        pass


def _error(status: int, message: str, kind: str, code: str | None = None, param: str | None = None):
    return status, {"error": {"message": message, "type": kind, "param": param, "code": code}}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as real servers do: no 40 ms wait for the client's delayed ACK
    owner: LlmServer

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, payload, headers: dict | None = None) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        key = self.owner.behaviour.api_key
        if key is None or self.headers.get("Authorization") == f"Bearer {key}":
            return True
        self._send(*_error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"))
        return False

    def do_GET(self) -> None:
        if not self._authorised():
            return
        if self.path.rstrip("/") != "/v1/models":
            return self._send(*_error(404, f"Unknown path {self.path}", "invalid_request_error"))
        data = [{"id": m, "object": "model", "created": 1767225600, "owned_by": "parallax-tests"}
                for m in self.owner.behaviour.models]
        self._send(200, {"object": "list", "data": data})

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self._authorised():
            return
        if self.path.rstrip("/") != "/v1/chat/completions":
            return self._send(*_error(404, f"Unknown path {self.path}", "invalid_request_error"))
        try:
            body = json.loads(raw)
            messages = body["messages"]
            model = body["model"]
            if not isinstance(messages, list) or not messages or not isinstance(model, str):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            return self._send(*_error(400, "We could not parse the JSON body of your request.",
                                      "invalid_request_error"))
        owner = self.owner
        with owner._lock:
            owner.requests.append(body)
        if model not in owner.behaviour.models:
            return self._send(*_error(404, f"The model `{model}` does not exist.", "invalid_request_error",
                                      "model_not_found", "model"))
        fault = owner.next_fault()
        if fault:
            kind, _, arg = fault.partition(":")
            if kind == "429":
                return self._send(*_error(429, "Rate limit reached. Please try again later.", "rate_limit_error",
                                          "rate_limit_exceeded"), {"Retry-After": arg or "1"})
            if kind in ("500", "502", "503"):
                return self._send(*_error(int(kind), "The server had an error while processing your request.",
                                          "server_error"))
            if kind == "malformed":
                return self._send(200, b'{"id": "chatcmpl-x", "choices": [{"message": {"content": "Lan')
            if kind == "nocontent":
                return self._send(200, {"id": "chatcmpl-x", "object": "chat.completion", "choices": []})
            if kind == "slow":
                time.sleep(float(arg))
        content = owner.complete(body)
        with owner._lock:
            owner.served += 1
            n = owner.served
        prompt_tokens = sum(len(str(m.get("content") or "")) for m in messages)
        self._send(200, {
            "id": f"chatcmpl-{n}", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content.split()),
                      "total_tokens": prompt_tokens + len(content.split())},
        })


def memoised(fn: Callable[[str, list[tuple[str, str]]], str]) -> Callable[[str, list[tuple[str, str]]], str]:
    """The same reply for the same request without translating again (a fixed service time)."""
    memo: dict = {}

    def reply(text: str, terms: list[tuple[str, str]]) -> str:
        key = (text, tuple(terms))
        if key not in memo:
            memo[key] = fn(text, terms)
        return memo[key]

    return reply


if __name__ == "__main__":  # a server in its own process, for benchmarks: prints its base URL, stops at EOF
    import argparse
    import sys

    ap = argparse.ArgumentParser()
    ap.add_argument("--delay", type=float, default=0.1)
    ap.add_argument("--slots", type=int, default=8)
    args = ap.parse_args()
    with LlmServer(Behaviour(delay=args.delay, slots=args.slots, reply=memoised(translate))) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()

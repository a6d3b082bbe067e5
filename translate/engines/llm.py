"""The llm engine: any server speaking the OpenAI chat-completions API (Ollama, llama.cpp's server,
vLLM, LM Studio): `POST {base_url}/chat/completions`, `GET {base_url}/models`.

Each request carries one piece of Chinese (the Translator cuts texts at sentence boundaries to at
most `max_chars`) and its terminology: the English the registry and the fact layer fix for the
names, vehicles, places, amounts and dates in that piece, so the model writes them itself. Requests
run in parallel up to `concurrency` over one pooled HTTP client (httpx: keep-alive, timeouts, a
thread-safe client; it has no retry on HTTP status, so the loop below retries 429 and 5xx with
backoff, honouring Retry-After). A piece whose request keeps failing comes back as None; a server
that cannot be reached, refuses the key or does not know the model is marked down for the rest of
the run, so the remaining pieces fail at once instead of each waiting out its timeouts.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

from translate.engines.base import engine_key
from translate.errors import LlmSetupError, ServerError

PROMPT_VERSION = 1  # part of the engine key: a new prompt means new translations, never stale cache hits
DOWN_AFTER = 3  # this many requests in a row failing (after their retries) mark the server down
MAX_RETRY_AFTER = 120.0  # a server asking for a longer pause is treated as unavailable for this run
RETRY_STATUS = {408, 409, 429, 500, 502, 503, 504}
DOWN_STATUS = {401, 403, 404}  # wrong key, wrong base_url or unknown model: no request can succeed

INSTRUCTION = ("Translate the Chinese news text below into English. Reply with the English translation "
               "only, keeping its line breaks: no notes, no explanations, no Chinese.")
TERMS_INTRO = "Write these names and terms exactly as given here:"
TEXT_MARK = "Text:"


@dataclass(frozen=True)
class LlmOptions:
    base_url: str = "http://127.0.0.1:11434/v1"
    model: str | None = None
    api_key_env: str | None = None  # the name of the environment variable holding the key
    concurrency: int = 4
    timeout: float = 60.0  # seconds per request
    max_retries: int = 3
    max_chars: int = 600  # characters of Chinese per request

    def key(self) -> str:
        return engine_key("llm", f"{self.model}|prompt-{PROMPT_VERSION}" if self.model else None)

    def api_key(self) -> str | None:
        if not self.api_key_env:
            return None
        value = os.environ.get(self.api_key_env, "").strip()
        if not value:
            raise LlmSetupError(f"${self.api_key_env} is empty or not set (the llm server's API key)",
                                hint=f"export {self.api_key_env}=... where Parallax runs")
        return value


def build_prompt(text: str, terms: list[tuple[str, str]]) -> str:
    """The one user message of a request (no system message: some chat templates reject one)."""
    parts = [INSTRUCTION]
    if terms:
        parts.append(TERMS_INTRO + "\n" + "\n".join(f"{zh} = {en}" for zh, en in terms))
    parts.append(f"{TEXT_MARK}\n{text}")
    return "\n\n".join(parts)


def max_tokens(text: str) -> int:
    """Room for a full translation (about one token per Chinese character) and no runaway beyond it."""
    return 3 * len(text) + 128


class _Failed(Exception):
    def __init__(self, message: str, down: bool = False):
        super().__init__(message)
        self.down = down


class LlmEngine:
    name = "llm"

    def __init__(self, options: LlmOptions, *, backoff: float = 0.5):
        if not options.model:
            raise LlmSetupError("no model named for the llm engine")
        self.options = options
        self.model = options.model
        self.max_chars = options.max_chars
        self.concurrency = options.concurrency
        self.key = options.key()
        self.base_url = options.base_url.rstrip("/")
        self._api_key = options.api_key()
        self._backoff = backoff
        self._client = None
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._down: str | None = None
        self._in_a_row = 0
        self._failures: dict[str, None] = {}
        self.requests = 0  # HTTP requests sent, retries included

    # -- the Engine interface ------------------------------------------------------------
    def translate_batch(self, texts: list[str]) -> list[str]:
        """Without terminology; a text that cannot be translated comes back empty (the guard's
        fallback then glosses it)."""
        return [t or "" for t in self.translate_terms((t, []) for t in texts)]

    def translate_terms(self, requests: Iterable[tuple[str, list[tuple[str, str]]]]) -> Iterator[str | None]:
        """Every request is sent as soon as it is read from `requests` (up to concurrency at once);
        the replies come back in order."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.options.concurrency, thread_name_prefix="llm")
        return self._pool.map(lambda r: self._one(*r), requests)

    def failures(self) -> list[str]:
        with self._lock:
            return list(self._failures)

    @property
    def down(self) -> str | None:
        """Why the server is not used any more in this run, or None."""
        return self._down

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- one request ---------------------------------------------------------------------
    def _one(self, text: str, terms: list[tuple[str, str]]) -> str | None:
        if self._down:
            return None
        body = {"model": self.model, "messages": [{"role": "user", "content": build_prompt(text, terms)}],
                "temperature": 0, "max_tokens": max_tokens(text), "stream": False}
        try:
            reply = self._post(body)
        except _Failed as e:
            with self._lock:
                self._failures.setdefault(str(e), None)
                self._in_a_row += 1
                if e.down or self._in_a_row >= DOWN_AFTER:
                    self._down = self._down or str(e)
            return None
        with self._lock:
            self._in_a_row = 0
        return reply

    def _http(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import httpx

                    headers = {"Authorization": f"Bearer {self._api_key}"} if self._api_key else {}
                    n = self.options.concurrency
                    self._client = httpx.Client(
                        base_url=self.base_url + "/", headers=headers, timeout=self.options.timeout,
                        limits=httpx.Limits(max_connections=n, max_keepalive_connections=n),
                    )
        return self._client

    def _post(self, body: dict) -> str:
        import httpx

        client = self._http()
        where = f"llm server {self.base_url}"
        problem = "no attempt"
        for attempt in range(self.options.max_retries + 1):
            if self._down:
                raise _Failed(self._down)
            wait = None
            with self._lock:
                self.requests += 1
            try:
                r = client.post("chat/completions", json=body)
            except httpx.TimeoutException:
                problem = f"{where}: no reply within {self.options.timeout:g} s"
            except httpx.ConnectError as e:
                problem = f"{where}: cannot connect ({_reason(e)})"
                if attempt == self.options.max_retries:
                    raise _Failed(problem, down=True) from None
            except httpx.TransportError as e:  # the connection broke mid-request: this request's problem
                problem = f"{where}: {_reason(e)}"
            else:
                if r.status_code == 200:
                    try:
                        return _content(r.content)
                    except ValueError as e:
                        problem = f"{where}: malformed reply ({e})"
                elif r.status_code in DOWN_STATUS:
                    raise _Failed(f"{where}: {r.status_code} {_error_message(r.content)}", down=True)
                elif r.status_code in RETRY_STATUS:
                    problem = f"{where}: {r.status_code} {_error_message(r.content)}"
                    wait = retry_after(r.headers.get("retry-after"))
                    if wait is not None and wait > MAX_RETRY_AFTER:
                        raise _Failed(f"{problem} (asked to wait {wait:.0f} s)", down=True)
                else:  # this request is refused (too long for the context ...): retrying changes nothing
                    raise _Failed(f"{where}: {r.status_code} {_error_message(r.content)}")
            if attempt < self.options.max_retries:
                if wait is None:
                    wait = min(8.0, self._backoff * 2 ** attempt) * random.uniform(0.8, 1.2)
                time.sleep(wait)
        raise _Failed(problem)


def _content(raw: bytes) -> str:
    """choices[0].message.content of a chat-completions reply; ValueError when it is not one."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError("not JSON") from None
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise ValueError("no choices[0].message.content") from None
    if not isinstance(content, str):
        raise ValueError("content is not text")
    return content


def _error_message(raw: bytes) -> str:
    """The message of an OpenAI-style error object ({"error": {"message": ...}}), else the body's start."""
    try:
        data = json.loads(raw)
        err = data.get("error") if isinstance(data, dict) else None
        msg = err.get("message") if isinstance(err, dict) else err if isinstance(err, str) else None
    except ValueError:
        msg = None
    if not msg:
        msg = raw[:200].decode("utf-8", "replace")
    return " ".join(str(msg).split())[:200]


def _reason(e: BaseException) -> str:
    text = " ".join(str(e).split())
    if "refused" in text.lower():
        return "connection refused"
    return text[:160] or type(e).__name__


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


@dataclass
class Probe:
    models: list[str]  # the ids GET /models lists
    seconds: float


def probe(options: LlmOptions, timeout: float = 5.0) -> Probe:
    """GET {base_url}/models: is the server there, does it take the key, which models does it list."""
    import httpx

    base = options.base_url.rstrip("/")
    key = options.api_key()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    start = time.perf_counter()
    try:
        r = httpx.get(f"{base}/models", headers=headers, timeout=min(timeout, options.timeout))
    except httpx.TimeoutException:
        raise ServerError(f"llm server {base}: no reply within {min(timeout, options.timeout):g} s") from None
    except httpx.TransportError as e:
        raise ServerError(f"llm server {base}: cannot connect ({_reason(e)})") from None
    seconds = time.perf_counter() - start
    if r.status_code != 200:
        raise ServerError(f"llm server {base}: GET /models answered {r.status_code} {_error_message(r.content)}")
    try:
        data = json.loads(r.content)
        models = [str(m["id"]) for m in data["data"]]
    except (ValueError, KeyError, TypeError):
        raise ServerError(f"llm server {base}: GET /models is not an OpenAI-style model list") from None
    return Probe(models, seconds)

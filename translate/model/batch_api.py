"""The Batch API through the openai SDK: upload a JSONL file, create, find and retrieve batches, read result files.

Every call goes through one ``openai.OpenAI`` client (``client.make_client``: the same key, base
URL, retries and timeout as the chat path), and every failure becomes an ``EndpointError`` saying
what to do, secrets redacted. The SDK is imported only when the client is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .client import EndpointUnusable, endpoint_error, make_client, redact_url

if TYPE_CHECKING:
    from ..config import Settings

ENDPOINT = "/v1/chat/completions"
"""What every line of a batch asks for (and the batch's ``endpoint``)."""
COMPLETION_WINDOW = "24h"
"""The only window the Batch API offers."""
TERMINAL = frozenset({"completed", "expired", "cancelled", "failed"})
"""Batch statuses after which nothing changes."""
RECORD_METADATA = "translate_record"
"""The metadata key naming the local record a batch was made for."""


@dataclass(frozen=True, slots=True)
class BatchInfo:
    """A batch as the provider describes it."""

    id: str
    """The batch id."""
    status: str
    """``validating``, ``in_progress``, ``finalizing``, ``completed``, ``expired``, ``cancelling``, ``cancelled`` or ``failed``."""
    input_file_id: str
    """The JSONL file it was made from."""
    output_file_id: str | None
    """The replies (status 200 or not) of the lines that finished, once there are some."""
    error_file_id: str | None
    """The lines that failed without a reply (expired, cancelled, invalid), once there are some."""
    total: int = 0
    """Lines in the batch."""
    done: int = 0
    """Lines finished so far, completed or failed."""
    errors: tuple[str, ...] = ()
    """Why a ``failed`` batch was refused as a whole (an invalid input file)."""

    @property
    def finished(self) -> bool:
        """Whether its status can no longer change."""
        return self.status in TERMINAL


class BatchAPI:
    """Files and batches on one endpoint; each method raises ``EndpointError`` (``EndpointUnusable`` when no call can succeed)."""

    def __init__(self, settings: Settings, *, client: Any = None) -> None:
        self.settings = settings
        self._client = client if client is not None else make_client(settings)

    def upload(self, data: bytes, *, name: str) -> str:
        """Upload a JSONL input file; its file id."""
        return str(self._call(lambda: self._client.files.create(file=(name, data, "application/jsonl"), purpose="batch")).id)

    def create(self, input_file_id: str, *, record: str) -> BatchInfo:
        """Start a batch over ``input_file_id``, tagged with the local ``record``."""
        return batch_info(self._call(lambda: self._client.batches.create(
            input_file_id=input_file_id, endpoint=ENDPOINT, completion_window=COMPLETION_WINDOW, metadata={RECORD_METADATA: record})))

    def retrieve(self, batch_id: str) -> BatchInfo:
        """The batch ``batch_id`` as it is now."""
        return batch_info(self._call(lambda: self._client.batches.retrieve(batch_id)))

    def find(self, input_file_id: str) -> BatchInfo | None:
        """The newest batch made from ``input_file_id`` (a run killed while creating it never learnt its id), if any."""
        def newest() -> Any:
            for batch in self._client.batches.list(limit=100):  # the SDK follows the pages
                if batch.input_file_id == input_file_id:
                    return batch
            return None

        found = self._call(newest)
        return None if found is None else batch_info(found)

    def content(self, file_id: str) -> bytes:
        """The bytes of an output or error file."""
        return bytes(self._call(lambda: self._client.files.content(file_id)).content)

    def cancel(self, batch_id: str) -> BatchInfo:
        """Ask the provider to cancel a batch (lines already finished are still delivered)."""
        return batch_info(self._call(lambda: self._client.batches.cancel(batch_id)))

    def _call(self, call: Any) -> Any:
        import openai

        try:
            return call()
        except openai.NotFoundError as exc:
            where = redact_url(str(getattr(self._client, "base_url", "") or "")) or "the endpoint"
            raise EndpointUnusable(f"{where} has no Batch API or lost a file or batch (404: {_message(exc)}); "
                                   "run without --batch to use the chat path", status_code=404) from None
        except openai.OpenAIError as exc:
            raise endpoint_error(exc, client=self._client, settings=self.settings) from None


def batch_info(batch: Any) -> BatchInfo:
    """A ``BatchInfo`` from the SDK's ``Batch`` object."""
    counts = getattr(batch, "request_counts", None)
    total = int(getattr(counts, "total", 0) or 0)
    done = int(getattr(counts, "completed", 0) or 0) + int(getattr(counts, "failed", 0) or 0)
    errors = getattr(getattr(batch, "errors", None), "data", None) or []
    return BatchInfo(id=str(batch.id), status=str(batch.status), input_file_id=str(batch.input_file_id),
                     output_file_id=batch.output_file_id or None, error_file_id=batch.error_file_id or None, total=total,
                     done=done, errors=tuple(str(getattr(e, "message", None) or e) for e in errors))


def _message(exc: Exception) -> str:
    return str(getattr(exc, "message", None) or exc)


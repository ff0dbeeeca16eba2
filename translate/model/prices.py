"""What a model costs: the built-in list prices, the ``prices`` setting over them, and how a cost is said.

Each list price names where it was read and the day: the provider's own page where a copy of it
could be read, otherwise OpenAI's pricing page as several independent price trackers reproduce it
(they agree on every price listed here). A model missing from the table costs nothing known until
``prices`` names it: a guessed price printed as a fact would be worse than none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from .translator import Usage


@dataclass(frozen=True, slots=True)
class ListPrice:
    """A model's published price, as read on its provider's page."""

    input: float
    """USD per million prompt (input) tokens."""
    output: float
    """USD per million completion (output) tokens."""
    page: str
    """The provider's page the price was read on."""
    checked: str
    """The day it was read there (ISO date)."""


_OPENAI_PRICING = "https://developers.openai.com/api/docs/pricing (as price trackers reproduce it)"

LIST_PRICES: dict[str, ListPrice] = {
    # Marked deprecated on the page; still answered by the API when read.
    "gpt-4.1-nano": ListPrice(0.10, 0.40, "https://developers.openai.com/api/docs/models/gpt-4.1-nano", "2026-11-29"),
    "gpt-4o-mini": ListPrice(0.15, 0.60, _OPENAI_PRICING, "2026-11-29"),
    "gpt-4o": ListPrice(2.50, 10.00, _OPENAI_PRICING, "2026-11-29"),
    "gpt-4.1-mini": ListPrice(0.40, 1.60, _OPENAI_PRICING, "2026-11-29"),
    "gpt-4.1": ListPrice(2.00, 8.00, _OPENAI_PRICING, "2026-11-29"),
    "gpt-5-mini": ListPrice(0.25, 2.00, _OPENAI_PRICING, "2026-11-29"),
}
"""Model name → its list price (USD per million tokens, standard tier), with where and when it was read."""


@dataclass(frozen=True, slots=True)
class Price:
    """The price a run's cost is figured at, and where it comes from."""

    model: str
    """The model it is the price of."""
    input: float
    """USD per million prompt tokens."""
    output: float
    """USD per million completion tokens."""
    source: str
    """``settings`` (the ``prices`` setting) or ``list`` (``LIST_PRICES``)."""
    checked: str | None = None
    """For a list price, the day it was read on the provider's page."""
    batch: bool = False
    """The Batch API's rate: ``input`` and ``output`` are ``BATCH_FACTOR`` of the price the source gives."""

    def cost(self, usage: Usage) -> float:
        """USD for ``usage`` at this price."""
        return (usage.prompt_tokens * self.input + usage.completion_tokens * self.output) / 1_000_000

    def record(self) -> dict[str, object]:
        """The price as a JSON object (for ``--json`` and the spend ledger)."""
        return {"input": self.input, "output": self.output, "source": self.source, "checked": self.checked,
                **({"batch": True} if self.batch else {})}


BATCH_FACTOR = 0.5
"""What the Batch API charges for a token, as a share of the standard price (OpenAI's discount, and most providers')."""


def price_for(model: str, prices: Mapping[str, tuple[float, float]], *, batch: bool = False) -> Price | None:
    """``model``'s price: the ``prices`` setting's, else the list price, else None; with ``batch``, the Batch API's rate of it."""
    if model in prices:
        given = prices[model]
        price = Price(model, given[0], given[1], "settings")
    elif model in LIST_PRICES:
        listed = LIST_PRICES[model]
        price = Price(model, listed.input, listed.output, "list", listed.checked)
    else:
        return None
    return replace(price, input=price.input * BATCH_FACTOR, output=price.output * BATCH_FACTOR, batch=True) if batch else price


def basis(price: Price) -> str:
    """Where a cost figured at ``price`` comes from, to follow the figure: ``at gpt-4.1-nano's list price of …``."""
    rate = f"{_usd(price.input)} + {_usd(price.output)} per million prompt + completion tokens"
    half = "the Batch API's half of " if price.batch else ""
    if price.source == "list":
        return f"at {half}{price.model}'s list price of {price.checked} ({rate}); set prices in translate.toml to change it"
    return f"at {half}the price for {price.model} in the settings ({rate})"


def _usd(amount: float) -> str:
    """``$0.15``, ``$2.00``, ``$0.075``: cents always shown, and any finer digit."""
    return f"${amount:.2f}" if round(amount, 2) == amount else f"${amount:g}"


def unpriced(model: str) -> str:
    """Why no cost is shown for ``model`` (``unknown: …``), and the setting that gives one."""
    return (f'unknown: {model} has no list price here; add prices = {{ "{model}" = [IN, OUT] }} to translate.toml, '
            "IN and OUT being the provider's USD per million prompt and completion tokens")


def cost_sentence(usage: Usage, price: Price | None, model: str) -> str:
    """``≈ $0.0123 at …`` for ``usage`` at ``price``, or ``unknown: …`` and why (to follow the word "cost")."""
    if price is None:
        return unpriced(model)
    return f"≈ ${price.cost(usage):.4f} {basis(price)}"

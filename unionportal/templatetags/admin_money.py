"""Money in the admin as Chinese finance writes it: 1,012,345.60 (thousands separated by commas,
two decimals). Django's zh_Hans formats group nothing, which suits years and counts, not 元."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """``{{ amount|yuan }}`` → "1,012,345.60"; "" for something that is no number."""
    try:
        return f"{Decimal(value or 0):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return ""

"""Personal data helpers of aid: keyed hashes for look-ups and masking for display.

They are shared with the other person-level records of the portal and live in
``unionportal.personal_data``; aid's modules import them from here as before.
"""

from unionportal.personal_data import (
    id_number_hash,
    mask_id_number,
    mask_phone,
    phone_hash,
    pii_hash,
)

__all__ = ["id_number_hash", "mask_id_number", "mask_phone", "phone_hash", "pii_hash"]

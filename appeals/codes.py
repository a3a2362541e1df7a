"""The codes of the kinds the portal starts with (a data migration makes them; staff may add
more). Figures and the hand-over to aid find a kind by its code or its flags, never its name."""

LEGAL_AID = "legal_aid"
COMPLAINT = "complaint"
CONSULTATION = "consultation"
HARDSHIP = "hardship"
CHAIR_MAILBOX = "chair_mailbox"
SUGGESTION = "suggestion"

COMPLAINT_WAGES = "complaint_wages"
COMPLAINT_CONTRACT = "complaint_contract"
COMPLAINT_INJURY = "complaint_injury"
COMPLAINT_WOMEN = "complaint_women"
COMPLAINT_OTHER = "complaint_other"

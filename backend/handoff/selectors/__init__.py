"""Reads of the hand-off: who may see a betting offer and the offer itself (offers), and
the operators' conversion funnel (funnel)."""

"""Chinese identity toolkit: resident ID numbers, region codes, names, dates and sex codes.

Each concept lives in its own module (:mod:`~hedui.identity.resident_id`,
:mod:`~hedui.identity.regions`, :mod:`~hedui.identity.names`, :mod:`~hedui.identity.dates`,
:mod:`~hedui.identity.sex`); import from those modules directly.
"""

"""Reads of leadership oversight, one module per topic (the catalogue's figures: ``deadlines``,
``caseload``, ``flow``, ``concern``; the committee pack's ``committee``; the case reviews'
``reviews``). Every figure takes ``scope``: a queryset of cases that came from the access module
(``stemme.access.selectors``), so a figure never counts a case its reader's scope does not hold.
"""

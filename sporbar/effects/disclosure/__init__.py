"""Disclosure control of the effect figures: what viewers outside the units may see.

- rule.py: the primary rule (no figure about fewer than 5 courses; all-or-nothing only for large groups);
- blocks.py: the figures as the linear relations an attacker can use (scopes, units, periods);
- attack.py: what a viewer can work out about a hidden figure (LP bounds), and the LP step of
  the suppression heuristic;
- suppress.py: the secondary suppression, per block and per kind of viewer, proven by the audit;
- store.py: the pattern stored with the figures it was audited for; refresh.py: when it is computed;
- audit.py: the independent audit of what one user sees (`sporbar disclosure-audit`).
Computing the figures lives elsewhere (services.py, queries.py, summary.py).
"""

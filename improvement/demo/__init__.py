"""The demo data: the real plan, its agreed changes and its scorecard, loaded as dated
states in the history by ``manage.py load_demo``.

- ``plan``: a transcribed plan document (fixtures/plan_*.json) as one dated state, and
  the demo's rating scale.
- ``agreed_changes``: Appendix 3's changes as proposals approved at a meeting.
- ``scorecard``: the transcribed vital-signs scorecard and its links to plan areas.
- ``people``: the demo users, one per role.

Nothing outside this package imports it except the synthetic-history command
(``generate_history``, which borrows the rating scale) and the tests.
"""

"""The case's pages, one module per topic: ``case`` (the case page, the step forms, a new
report), ``goals`` (the plan's goals) and ``registry`` (which steps exist, their forms and what
saving one runs)."""

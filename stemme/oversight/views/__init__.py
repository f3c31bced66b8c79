"""The leaders' pages: the figures (``figures``), the committee pack (``committee``) and the
case reviews (``reviews``)."""

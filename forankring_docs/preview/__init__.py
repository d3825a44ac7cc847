"""The live preview: the report in the browser, built again on every save of the case or
the template, with the case's errors shown at their lines (``forankring preview``)."""

"""The sample dashboard extension: jinja2-rendered panels driven by the Service Client API."""

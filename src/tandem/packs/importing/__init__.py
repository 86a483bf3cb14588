"""Import a help center (Markdown or HTML pages) into a pack's help_center.yaml: see `import_help_center`."""

from tandem.packs.importing.help_center import ImportResult, import_help_center

__all__ = ["ImportResult", "import_help_center"]

"""Access rules of the documents app (built on sporbar.accounts.permissions)."""

from sporbar.accounts.permissions import can_edit_plan


def can_import_documents(user) -> bool:
    """Analysts and administrators import papers and read the import reports."""
    return can_edit_plan(user)

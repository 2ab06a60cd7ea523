"""The group's own content, edited in the admin: one module per kind of content."""

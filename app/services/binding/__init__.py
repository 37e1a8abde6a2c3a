"""Binding family members: the request state machine, the rules of DESIGN.md §2.2, drafts and their
documents, and the life of a request after it is submitted."""

"""Errors with messages a user can act on. Translated to output only at the CLI and web edges."""


class AssistantError(Exception):
    """Base class; `str(error)` is a user-facing Chinese sentence."""


class KnowledgeError(AssistantError):
    """The knowledge base (manifest or documents) is missing or invalid."""


class SearchIndexError(AssistantError):
    """The search index is missing, stale or unreachable."""


class BackendError(AssistantError):
    """An unknown or unavailable backend (embedding function, answerer) was requested."""


class InputError(AssistantError):
    """The user's input cannot be processed (empty, too long)."""


class LLMError(AssistantError):
    """The optional language model failed or produced an answer that did not validate."""


class AccessDenied(AssistantError):
    """Maintenance views without maintenance enabled or without the right token."""


class StoreUnavailable(AssistantError):
    """A store beside the answering (feedback and gaps) cannot be read or written."""

"""Building the indexes in a child process: the serving process's memory holds only what it loads.

A build holds the parsed clauses as built, every text's term rows, the BM25 weights before they are
stored and the embedder's corpus at once: at x1000 the process that built and then served peaked at
5.4 GB, while a process that loads the stored index peaked at 1.8 GB. So when this version's search
index is not stored, a child process (started with `spawn`: a web server's threads are not forked)
builds and stores it and brings the vector index up to date, and exits; the caller then loads what
it stored. When the child fails, or stores nothing (a document that could not be read keeps a
version from being stored), the caller builds in its own process as before.
"""

from __future__ import annotations

import logging
import multiprocessing

from assistant.settings import Settings

log = logging.getLogger(__name__)


def build_apart(settings: Settings, progress: bool = False) -> bool:
    """Build this version's indexes in a child process when its search index is not stored; True when it did."""
    from assistant.searchindex import is_stored

    if is_stored(settings):
        return False
    child = multiprocessing.get_context("spawn").Process(target=build, args=(settings, progress), name="assistant-build")
    child.start()
    child.join()
    if child.exitcode != 0:
        log.warning("building the indexes in a child process failed (exit code %s); building them here", child.exitcode)
        return False
    return True


def build(settings: Settings, progress: bool = False) -> None:
    """Build and store the search index, then bring the vector index up to date (what a first start does)."""
    from assistant.searchindex import open_index

    search = open_index(settings)
    if not settings.vector_enabled:
        return
    from assistant import index

    search.lexicon.known = search.words  # the build's words: the embedder is fitted without cutting them again
    try:
        index.build(settings, search.kb, index.corpus_embedder(settings, search.kb, search.lexicon), progress=progress)
    finally:
        search.lexicon.known = search.words = {}
